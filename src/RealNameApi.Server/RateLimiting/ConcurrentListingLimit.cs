using System.Threading.RateLimiting;
using RealNameApi.Contracts.V1;
using RealNameApi.Server.Configuration;

namespace RealNameApi.Server.RateLimiting;

/// <summary>
/// A cap on ListVerificationStatuses calls running at once across the server
/// (<c>Limits:MaxConcurrentListings</c>, half the processors by default), with a bounded queue
/// (<c>Limits:ListingQueueLimit</c>): a partition of the global limiter that
/// <see cref="ConcurrencyCaps"/> sets up. A call beyond the queue is answered
/// RESOURCE_EXHAUSTED with <c>google.rpc.RetryInfo</c> (SERVER_BUSY), by the same rejection path
/// as the per-key rate limit.
/// </summary>
/// <remarks>
/// Listing reads an index and takes no lock Diagnose takes, but every page is CPU work: callers
/// looping it, each well within its key's rate, could keep every core busy and slow Diagnose down
/// with them. Held to a share of the cores, they wait for one another instead, and the share they
/// have gives way to Diagnose (<see cref="Scheduling.LowPriorityScheduler"/>). Global rather than
/// per tenant, because the cores are shared by all tenants; the per-key rate limit still keeps one
/// key from filling the queue by itself for long.
/// </remarks>
internal static class ConcurrentListingLimit
{
    /// <summary>The path of the calls capped.</summary>
    public static readonly string ListPath = $"/{VerificationStatusService.Descriptor.FullName}/ListVerificationStatuses";

    /// <summary>The delay RetryInfo gives a listing turned away: the queue ahead of it drains in milliseconds to a second.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>The limiter's options from the <c>Limits</c> section.</summary>
    public static ConcurrencyLimiterOptions Options(LimitsOptions limits) => new()
    {
        PermitLimit = limits.MaxConcurrentListings,
        QueueLimit = limits.ListingQueueLimit,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    };

    /// <summary>Whether a call is a listing.</summary>
    public static bool IsListing(HttpContext http) => http.Request.Path.Equals(ListPath, StringComparison.Ordinal);
}
