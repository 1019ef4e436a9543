namespace RealNameApi.Caching.Configuration;

/// <summary>The <c>Cache</c> configuration section: result cache lifetimes and the key secret.</summary>
public sealed class CacheOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Cache";

    /// <summary>The least length of <see cref="KeySecret"/>.</summary>
    public const int MinimumSecretLength = 16;

    /// <summary>
    /// The secret of every keyed hash (cache keys, case ids, page tokens). Replicas must share it;
    /// when empty, a random secret is generated per process. Keep it out of the repository.
    /// </summary>
    public string KeySecret { get; set; } = "";

    /// <summary>How long a cached answer lives, before jitter.</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The fraction by which each entry's lifetime is varied at random (0.1: ±10%), so entries
    /// written together do not all expire together.
    /// </summary>
    public double TtlJitter { get; set; } = 0.1;

    /// <summary>The most bytes of serialized answers the in-process tier holds.</summary>
    public long MemorySizeLimit { get; set; } = 64L * 1024 * 1024;

    internal IEnumerable<string> Validate()
    {
        if (KeySecret.Length is > 0 and < MinimumSecretLength)
        {
            yield return $"Cache:KeySecret must be at least {MinimumSecretLength} characters.";
        }

        if (Ttl <= TimeSpan.Zero)
        {
            yield return "Cache:Ttl must be greater than zero.";
        }

        if (!(TtlJitter is >= 0 and <= 0.5))
        {
            yield return "Cache:TtlJitter must be between 0 and 0.5.";
        }

        if (MemorySizeLimit < 1)
        {
            yield return "Cache:MemorySizeLimit must be at least 1 byte.";
        }
    }
}
