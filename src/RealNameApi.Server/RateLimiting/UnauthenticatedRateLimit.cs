using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;

namespace RealNameApi.Server.RateLimiting;

/// <summary>
/// A token bucket per client address for calls that present no key or an unknown one
/// (<c>RateLimits:Unauthenticated</c>), ASP.NET Core's partitioned rate limiter. Such a call is
/// answered UNAUTHENTICATED while its address is within the bucket, RESOURCE_EXHAUSTED with
/// RetryInfo beyond it.
/// </summary>
/// <remarks>
/// In that order because the first answers are the ones a caller with a mistyped or revoked key
/// can act on; a caller that keeps on regardless is told to back off. The bucket is consulted on
/// the refusal path only (<see cref="Auth.GrpcAuthorizationResultHandler"/>), so calls with a
/// valid key never pay for it. Partitioned by address, since there is no key to go by; IPv6 by
/// its /64, the block one host is usually given, so that one host cannot get a fresh bucket per
/// address. A partition's bucket is dropped by the limiter once it has refilled, so the
/// partitions held are those of addresses heard from in the last burst/rate seconds.
/// </remarks>
internal sealed class UnauthenticatedRateLimit(RateLimitOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<HttpContext> _limiter = PartitionedRateLimiter.Create<HttpContext, IPAddress>(http =>
        RateLimitPartition.GetTokenBucketLimiter(Partition(http.Connection.RemoteIpAddress), _ =>
            PerKeyRateLimits.Bucket(options.Unauthenticated.RequestsPerSecond, options.Unauthenticated.Burst)));

    /// <summary>Takes a token for the call's address: null when there was one, else when to come back.</summary>
    public TimeSpan? TryAcquire(HttpContext http)
    {
        using var lease = _limiter.AttemptAcquire(http);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var after) && after > TimeSpan.Zero ? after : TimeSpan.FromSeconds(1);
    }

    public void Dispose() => _limiter.Dispose();

    /// <summary>The partition of an address: IPv4 as it is (also when mapped into IPv6), IPv6 by its /64.</summary>
    public static IPAddress Partition(IPAddress? address)
    {
        if (address is null)
        {
            return IPAddress.None;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes);
    }
}
