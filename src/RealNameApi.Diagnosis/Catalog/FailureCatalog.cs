using System.Collections.Frozen;

namespace RealNameApi.Diagnosis.Catalog;

/// <summary>
/// The loaded, validated failure catalog: every platform with its rules, and a version derived
/// from the content. Immutable; build it once at start-up with <see cref="CatalogLoader"/>.
/// </summary>
public sealed class FailureCatalog
{
    private readonly FrozenDictionary<string, PlatformDefinition> _platforms;
    private readonly FrozenDictionary<string, RuleDefinition> _rules;

    internal FailureCatalog(IEnumerable<PlatformDefinition> platforms, string version)
    {
        Platforms = [.. platforms.OrderBy(p => p.Id, StringComparer.Ordinal)];
        _platforms = Platforms.ToFrozenDictionary(p => p.Id, StringComparer.Ordinal);
        Rules = [.. Platforms.SelectMany(p => p.Rules)];
        _rules = Rules.Concat(Platforms.Select(p => p.Unknown)).ToFrozenDictionary(r => r.Id, StringComparer.Ordinal);
        Version = version;
    }

    /// <summary>A short hash of the canonical content of every platform file; changes with any rule or text.</summary>
    public string Version { get; }

    /// <summary>The platforms, ordered by id.</summary>
    public IReadOnlyList<PlatformDefinition> Platforms { get; }

    /// <summary>Every rule, ordered by platform and rule id (the unknown rules excluded).</summary>
    public IReadOnlyList<RuleDefinition> Rules { get; }

    /// <summary>Finds a platform by its catalog id.</summary>
    public bool TryGetPlatform(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PlatformDefinition? platform) =>
        _platforms.TryGetValue(id, out platform);

    /// <summary>Finds a rule by id, the <c>&lt;platform&gt;.unknown</c> rules included.</summary>
    public bool TryGetRule(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RuleDefinition? rule) =>
        _rules.TryGetValue(id, out rule);
}
