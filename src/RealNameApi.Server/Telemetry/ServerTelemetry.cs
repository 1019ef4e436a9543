using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Catalog;

namespace RealNameApi.Server.Telemetry;

/// <summary>
/// The server's instruments and spans, on the meter and activity source <c>RealNameApi.Server</c>.
/// Label values are catalog ids, enum names, method names of the services or names fixed in
/// code: never request data.
/// </summary>
public static class ServerTelemetry
{
    /// <summary>The name of the meter and of the activity source.</summary>
    public const string Name = "RealNameApi.Server";

    /// <summary>The most distinct <c>limit</c> values <see cref="RecordRateLimitRejection"/> keeps; later ones count as <c>other</c>.</summary>
    public const int MaxRateLimitNames = 16;

    internal static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Diagnoses = Meter.CreateCounter<long>(
        "realname.diagnoses", "{diagnosis}",
        "Diagnoses answered (Diagnose and each item of BatchDiagnose, cached or computed) by platform, rule, category and outcome.");

    private static readonly Counter<long> RateLimitRejections = Meter.CreateCounter<long>(
        "realname.rate_limit.rejections", "{call}",
        "Calls turned down by a rate limit, by the limit's name.");

    private static readonly ConcurrentDictionary<string, string> RateLimitNames = new(StringComparer.Ordinal);
    private static CatalogLabels? _labels;

    /// <summary>
    /// Counts a call turned down by a rate limit. <paramref name="limit"/> must be a name fixed
    /// in code or configuration (<c>tenant</c>, <c>api_key</c>, <c>global</c>), never a tenant,
    /// a key or anything a caller sent; beyond <see cref="MaxRateLimitNames"/> distinct names,
    /// and for names that are not 1 to 32 of a-z, 0-9, '_', '.', '-', it counts as <c>other</c>.
    /// </summary>
    public static void RecordRateLimitRejection(string limit) =>
        RateLimitRejections.Add(1, new KeyValuePair<string, object?>("limit", RateLimitName(limit)));

    /// <summary>Counts an answered diagnosis.</summary>
    internal static void RecordDiagnosis(Contracts.V1.Diagnosis diagnosis)
    {
        if (!Diagnoses.Enabled)
        {
            return;
        }

        var labels = _labels;
        var tags = new TagList
        {
            { "platform", labels?.Platform(diagnosis.Platform) ?? CatalogLabels.Other },
            { "rule", labels?.Rule(diagnosis.RuleId) ?? CatalogLabels.Other },
            { "category", EnumLabel(diagnosis.Category) },
            { "outcome", EnumLabel(diagnosis.Outcome) },
        };
        Diagnoses.Add(1, tags);
    }

    /// <summary>
    /// A span around the result cache's get-or-create (<c>cache diagnose</c>, whose Redis and engine
    /// work are its children) or the engine's work (<c>engine diagnose</c>, ...); null when no one
    /// listens. The name is a constant of the caller, so the request path builds no string.
    /// </summary>
    internal static Activity? StartSpan(string name) => Source.StartActivity(name);

    /// <summary>A span around recording cases in the status store.</summary>
    internal static Activity? StartStatusRecord() => Source.StartActivity("status record");

    /// <summary>Takes the catalog's platform and rule ids as the only label values of diagnoses.</summary>
    internal static void UseCatalog(FailureCatalog catalog) => _labels = new CatalogLabels(catalog);

    // Enum values print as their proto names' C# form (FaceMismatch), the same fixed set for every caller.
    private static string EnumLabel<T>(T value)
        where T : struct, Enum => Enum.IsDefined(value) ? value.ToString() : CatalogLabels.Other;

    private static string RateLimitName(string limit)
    {
        if (string.IsNullOrEmpty(limit) || limit.Length > 32 || !limit.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '.' or '-'))
        {
            return CatalogLabels.Other;
        }

        if (RateLimitNames.TryGetValue(limit, out var known))
        {
            return known;
        }

        return RateLimitNames.Count < MaxRateLimitNames ? RateLimitNames.GetOrAdd(limit, limit) : CatalogLabels.Other;
    }
}
