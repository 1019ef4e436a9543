using System.Collections.Frozen;
using RealNameApi.Diagnosis.Catalog;

namespace RealNameApi.Diagnosis.Matching;

/// <summary>
/// Finds the catalog rule a failure message (and the platform's error code, if any) belongs to,
/// with a confidence, or says it is unknown when no rule reaches the platform's threshold.
/// Build once per catalog: the indexes are made here, and matching only reads them.
/// </summary>
public sealed class MessageMatcher
{
    private readonly FrozenDictionary<string, PlatformIndex> _platforms;

    /// <summary>Indexes every platform of <paramref name="catalog"/>.</summary>
    public MessageMatcher(FailureCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _platforms = catalog.Platforms.ToFrozenDictionary(p => p.Id, p => new PlatformIndex(p), StringComparer.Ordinal);
    }

    /// <summary>Matches a code and message of <paramref name="platform"/>.</summary>
    /// <exception cref="ArgumentException">The platform is not in the catalog.</exception>
    public MatchResult Match(string platform, string? code, string? message)
    {
        ArgumentNullException.ThrowIfNull(platform);
        if (!_platforms.TryGetValue(platform, out var index))
        {
            throw new ArgumentException("The platform is not in the catalog.", nameof(platform));
        }

        return index.Match(code, message);
    }
}
