using System.Collections.Frozen;
using RealNameApi.Diagnosis.Catalog;

namespace RealNameApi.Server.Telemetry;

/// <summary>
/// The label values a diagnosis may carry: platform and rule ids of the loaded catalog, and
/// nothing else. An id the catalog does not hold (which the engine never answers with) is
/// counted as <see cref="Other"/>, so a label set never grows with what callers send.
/// </summary>
internal sealed class CatalogLabels(FailureCatalog catalog)
{
    /// <summary>The value of an id outside the catalog.</summary>
    public const string Other = "other";

    /// <summary>The rule label of a diagnosis that names no rule.</summary>
    public const string None = "none";

    private readonly FrozenSet<string> _platforms = catalog.Platforms.Select(p => p.Id).ToFrozenSet(StringComparer.Ordinal);
    private readonly FrozenSet<string> _rules = catalog.Rules.Select(r => r.Id).ToFrozenSet(StringComparer.Ordinal);

    public string Platform(string id) => _platforms.TryGetValue(id, out var known) ? known : Other;

    public string Rule(string id) => id.Length == 0 ? None : _rules.TryGetValue(id, out var known) ? known : Other;
}
