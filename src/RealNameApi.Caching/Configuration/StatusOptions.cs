namespace RealNameApi.Caching.Configuration;

/// <summary>The <c>Status</c> configuration section: how long recorded cases are kept, and how many the embedded store holds.</summary>
public sealed class StatusOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Status";

    /// <summary>The default of <see cref="EmbeddedMaxCases"/>.</summary>
    public const int DefaultEmbeddedMaxCases = 100_000;

    /// <summary>The default of <see cref="EmbeddedMaxBytes"/>: 64 MiB.</summary>
    public const long DefaultEmbeddedMaxBytes = 64L * 1024 * 1024;

    /// <summary>The least <see cref="EmbeddedMaxBytes"/>: enough for the largest case.</summary>
    public const long MinimumEmbeddedMaxBytes = 64 * 1024;

    /// <summary>How long a case is kept after the latest end of its retry window.</summary>
    public TimeSpan RetentionAfterWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The shortest time a case is kept after it was last recorded.</summary>
    public TimeSpan MinimumRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The longest time a case is kept after it was last recorded, whatever its window.</summary>
    public TimeSpan MaximumRetention { get; set; } = TimeSpan.FromDays(400);

    /// <summary>
    /// The most cases the embedded (no Redis) store holds. When a new case would exceed it, the
    /// cases that would expire first are evicted. Redis bounds its own memory (<c>maxmemory</c>).
    /// </summary>
    public int EmbeddedMaxCases { get; set; } = DefaultEmbeddedMaxCases;

    /// <summary>
    /// The most bytes of cases the embedded store holds, as it estimates them (each case's
    /// serialized status and id plus a fixed overhead for its entry and indexes). Evicts as
    /// <see cref="EmbeddedMaxCases"/> does.
    /// </summary>
    public long EmbeddedMaxBytes { get; set; } = DefaultEmbeddedMaxBytes;

    /// <summary>
    /// The most cases one tenant holds in the embedded store; unset, as many as the store does.
    /// Beyond it a tenant's new case evicts that tenant's own case that would expire first.
    /// Without it a full store still makes room in the tenant holding the most (cases, or bytes
    /// when <see cref="EmbeddedMaxBytes"/> is what is full): a tenant that fills the store evicts
    /// its own cases, not those of a tenant holding fewer.
    /// </summary>
    public int? EmbeddedMaxCasesPerTenant { get; set; }

    internal IEnumerable<string> Validate()
    {
        if (EmbeddedMaxCasesPerTenant is < 1)
        {
            yield return "Status:EmbeddedMaxCasesPerTenant must be at least 1 (or unset: the store's capacity).";
        }

        if (EmbeddedMaxCases < 1)
        {
            yield return "Status:EmbeddedMaxCases must be at least 1.";
        }

        if (EmbeddedMaxBytes < MinimumEmbeddedMaxBytes)
        {
            yield return $"Status:EmbeddedMaxBytes must be at least {MinimumEmbeddedMaxBytes} bytes.";
        }

        if (RetentionAfterWindow < TimeSpan.Zero)
        {
            yield return "Status:RetentionAfterWindow must not be negative.";
        }

        if (MinimumRetention <= TimeSpan.Zero)
        {
            yield return "Status:MinimumRetention must be greater than zero.";
        }

        if (MaximumRetention < MinimumRetention)
        {
            yield return "Status:MaximumRetention must not be less than Status:MinimumRetention.";
        }
    }
}
