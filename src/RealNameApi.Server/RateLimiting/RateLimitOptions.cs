namespace RealNameApi.Server.RateLimiting;

/// <summary>
/// The <c>RateLimits</c> section: the token bucket of keys that set no limit of their own, and
/// of every call while the service runs open on loopback.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "RateLimits";

    /// <summary>The defaults: <c>RateLimits:Default:RequestsPerSecond</c> and <c>RateLimits:Default:Burst</c>.</summary>
    public LimitOptions Default { get; set; } = new();

    /// <summary>
    /// The token bucket of calls with no key or an unknown one, per client address (an IPv6
    /// address by its /64): <c>RateLimits:Unauthenticated:RequestsPerSecond</c> and
    /// <c>:Burst</c>, 10 a second and 20 at once by default. Only while keys are configured (open,
    /// every call is the open caller's).
    /// </summary>
    public LimitOptions Unauthenticated { get; set; } = new() { RequestsPerSecond = 10, Burst = 20 };

    /// <summary>The section's options.</summary>
    public static RateLimitOptions Read(IConfiguration configuration)
    {
        var options = new RateLimitOptions();
        configuration.GetSection(SectionName).Bind(options);
        return options;
    }

    /// <summary>The problems with these options, empty when none.</summary>
    public IEnumerable<string> Validate() =>
        ValidateLimit($"{SectionName}:Default:", Default.RequestsPerSecond, Default.Burst)
            .Concat(ValidateLimit($"{SectionName}:Unauthenticated:", Unauthenticated.RequestsPerSecond, Unauthenticated.Burst));

    internal static IEnumerable<string> ValidateLimit(string prefix, double? requestsPerSecond, int? burst)
    {
        if (requestsPerSecond is { } rate && !(rate is >= 0.001 and <= 1_000_000))
        {
            yield return $"{prefix}RequestsPerSecond must be from 0.001 to 1000000.";
        }

        if (burst is < 1 or > 1_000_000)
        {
            yield return $"{prefix}Burst must be from 1 to 1000000.";
        }
    }
}

/// <summary>A token bucket: a sustained rate and the burst it allows.</summary>
public sealed class LimitOptions
{
    /// <summary>
    /// Calls per second, sustained. The bucket refills once a second by this many (rounded), or
    /// by one token every 1/rate seconds when the rate is below one.
    /// </summary>
    public double RequestsPerSecond { get; set; } = 1000;

    /// <summary>The bucket's size: the most calls at once after a quiet spell.</summary>
    public int Burst { get; set; } = 2000;
}
