using System.Threading.RateLimiting;
using RealNameApi.Contracts.V1;
using RealNameApi.Server.Auth;
using RealNameApi.Server.Configuration;

namespace RealNameApi.Server.RateLimiting;

/// <summary>
/// Caps on open WatchVerificationStatus streams: <c>Limits:MaxWatchesPerTenant</c> per tenant and
/// <c>Limits:MaxWatches</c> across the server, partitions of the global limiter that
/// <see cref="ConcurrencyCaps"/> sets up. A watch over either is answered RESOURCE_EXHAUSTED
/// with <c>google.rpc.RetryInfo</c> (TOO_MANY_WATCHES), by the same rejection path as the per-key
/// rate limit, and never queued.
/// </summary>
/// <remarks>
/// A watch is cheap to open and holds its stream, its subscription and their buffers (about
/// 25 KB each, measured) for as long as the caller likes: within any request rate, a caller could
/// open watches until the server's memory ran out. The rate limiter middleware holds a stream's
/// lease until the stream ends, so these count open watches. Per tenant as well as in total, so
/// that one tenant opening its whole share leaves the others theirs.
/// </remarks>
internal static class ConcurrentWatchLimit
{
    /// <summary>The path of the calls capped.</summary>
    public static readonly string WatchPath = $"/{VerificationStatusService.Descriptor.FullName}/WatchVerificationStatus";

    /// <summary>The delay RetryInfo gives a watch turned away: a slot frees only when another watch ends.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>The server-wide cap's options.</summary>
    public static ConcurrencyLimiterOptions Options(LimitsOptions limits) => new() { PermitLimit = limits.MaxWatches, QueueLimit = 0 };

    /// <summary>A limiter of each tenant's open watches; every other call passes it.</summary>
    public static PartitionedRateLimiter<HttpContext> PerTenant(LimitsOptions limits) => PartitionedRateLimiter.Create<HttpContext, string>(http =>
        IsWatch(http)
            // Authorization has run: every watch here has a tenant. The partitions are the configured tenants, a bounded set.
            ? RateLimitPartition.GetConcurrencyLimiter(
                http.User.FindFirst(ApiKeyAuthenticationHandler.TenantClaim)?.Value ?? AuthOptions.OpenTenant,
                _ => new ConcurrencyLimiterOptions { PermitLimit = limits.MaxWatchesPerTenant, QueueLimit = 0 })
            : RateLimitPartition.GetNoLimiter(""));

    /// <summary>Whether a call is a watch.</summary>
    public static bool IsWatch(HttpContext http) => http.Request.Path.Equals(WatchPath, StringComparison.Ordinal);
}
