namespace RealNameApi.Caching.Configuration;

/// <summary>The <c>Status</c> configuration section: how long recorded cases are kept.</summary>
public sealed class StatusOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Status";

    /// <summary>How long a case is kept after the latest end of its retry window.</summary>
    public TimeSpan RetentionAfterWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The shortest time a case is kept after it was last recorded.</summary>
    public TimeSpan MinimumRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The longest time a case is kept after it was last recorded, whatever its window.</summary>
    public TimeSpan MaximumRetention { get; set; } = TimeSpan.FromDays(400);

    internal IEnumerable<string> Validate()
    {
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
