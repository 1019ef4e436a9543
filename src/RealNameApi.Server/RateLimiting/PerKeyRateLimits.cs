using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using RealNameApi.Diagnosis.Localization;
using RealNameApi.Server.Auth;
using RealNameApi.Server.Errors;
using RealNameApi.Server.Logging;

namespace RealNameApi.Server.RateLimiting;

/// <summary>
/// A token bucket per API key (ASP.NET Core's rate limiter), its size and rate from the key's
/// <c>RequestsPerSecond</c> and <c>Burst</c> or <c>RateLimits:Default</c>; while the service
/// runs open, one bucket for every caller.
/// </summary>
/// <remarks>
/// Enforced in the rate limiter middleware, after authorization, rather than in an interceptor:
/// a call over its limit is turned away before its message is read or decoded, reflection is
/// limited like the services, and health is left out by endpoint (it has no policy). Its
/// rejection is written in <see cref="OnRejectedAsync"/> as a gRPC answer: RESOURCE_EXHAUSTED
/// with <c>google.rpc.RetryInfo</c>, as the middleware's own 429 would reach gRPC clients as
/// UNAVAILABLE without a delay.
/// </remarks>
internal static class PerKeyRateLimits
{
    /// <summary>The rate limiter policy the gRPC endpoints require.</summary>
    public const string PolicyName = "per-key";

    public static IServiceCollection AddPerKeyRateLimits(this IServiceCollection services, AuthOptions auth, RateLimitOptions limits)
    {
        var buckets = auth.Keys.ToDictionary(
            k => k.Id,
            k => Bucket(k.RequestsPerSecond ?? limits.Default.RequestsPerSecond, k.Burst ?? limits.Default.Burst),
            StringComparer.Ordinal);
        var fallback = Bucket(limits.Default.RequestsPerSecond, limits.Default.Burst);
        return services.AddConcurrencyCaps().AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PolicyName, http =>
            {
                // Authorization has run: every call here has a key (or is the open caller).
                var id = http.User.Identity?.Name ?? ApiKeyAuthenticationHandler.OpenCaller;
                return RateLimitPartition.GetTokenBucketLimiter(id, key => buckets.GetValueOrDefault(key, fallback));
            });
            limiter.OnRejected = OnRejectedAsync;
        });
    }

    /// <summary>The bucket of a rate: refilled once a second by the rate (or by one token every 1/rate seconds below one per second).</summary>
    public static TokenBucketRateLimiterOptions Bucket(double requestsPerSecond, int burst) => new()
    {
        TokenLimit = burst,
        ReplenishmentPeriod = requestsPerSecond >= 1 ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(1 / requestsPerSecond),
        TokensPerPeriod = requestsPerSecond >= 1 ? (int)Math.Round(requestsPerSecond) : 1,
        // A call over the limit is answered at once, never held: held calls would be memory an
        // abusive key makes the server keep.
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var busy = ConcurrencyCaps.IsBusy(context.Lease);
        http.RequestServices.GetRequiredService<RejectedCalls>().Count(busy ? Rejection.Busy : Rejection.RateLimited, http.User.Identity?.Name);
        var (retryAfter, error) = Refusal(context.Lease, http, busy);
        if (!GrpcErrorResponse.IsGrpc(http.Request))
        {
            http.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return;
        }

        var locale = Locales.Resolve(null, http.Request.Headers.AcceptLanguage);
        await GrpcErrorResponse.WriteAsync(http, error(retryAfter, locale));
    }

    // Which limit turned the call away, by the lease (a concurrency cap's or a token bucket's)
    // and, for a cap, by the call's path: when to come back, and the answer that says so.
    private static (TimeSpan RetryAfter, Func<TimeSpan, Locale, Google.Rpc.Status> Error) Refusal(RateLimitLease lease, HttpContext http, bool busy)
    {
        if (!busy)
        {
            var after = lease.TryGetMetadata(MetadataName.RetryAfter, out var refill) && refill > TimeSpan.Zero ? refill : TimeSpan.FromSeconds(1);
            return (after, AccessErrors.RateLimited);
        }

        if (ConcurrentListingLimit.IsListing(http))
        {
            return (ConcurrentListingLimit.RetryAfter, AccessErrors.ListingBusy);
        }

        return ConcurrentWatchLimit.IsWatch(http)
            ? (ConcurrentWatchLimit.RetryAfter, AccessErrors.TooManyWatches)
            : (ConcurrencyCaps.RetryAfter, AccessErrors.Busy);
    }
}
