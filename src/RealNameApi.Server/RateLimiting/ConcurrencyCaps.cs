using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using RealNameApi.Contracts.V1;
using RealNameApi.Server.Configuration;

namespace RealNameApi.Server.RateLimiting;

/// <summary>
/// The server-wide caps on calls in flight, in ASP.NET Core's rate limiter's global limiter: one
/// partition by path each for BatchDiagnose (<c>Limits:MaxConcurrentBatchDiagnose</c>, here),
/// listings (<see cref="ConcurrentListingLimit"/>) and watches (<see cref="ConcurrentWatchLimit"/>,
/// which adds a cap per tenant), each a <see cref="ConcurrencyLimiter"/>. A call over a cap is
/// answered RESOURCE_EXHAUSTED with <c>google.rpc.RetryInfo</c>, by the same rejection path as
/// the per-key rate limit.
/// </summary>
/// <remarks>
/// A BatchDiagnose answer is the largest the service makes (about 0.4 MB in memory for 100
/// items), and a client that stops reading (a zero flow-control window) makes the server hold
/// each one until <c>Limits:MinResponse*</c> closes its connection. Streams per connection times
/// connections is far too many of them to hold; its cap is what bounds that memory, so the
/// stream limit can stay where gRPC clients expect it. It sits in the middleware, not in an
/// interceptor, and <see cref="UseConcurrencyCaps"/> holds the lease until the answer is
/// sent, not only until the service returns: grpc-dotnet leaves a unary answer unflushed for
/// Kestrel to send after the pipeline, so without the flush a stuck answer would outlive its lease.
/// </remarks>
internal static class ConcurrencyCaps
{
    /// <summary>The path of the BatchDiagnose calls capped.</summary>
    public static readonly string BatchDiagnosePath = $"/{RemediationService.Descriptor.FullName}/BatchDiagnose";

    /// <summary>The delay RetryInfo gives a call turned away by a cap: a batch takes milliseconds, a stuck reader seconds.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    public static IServiceCollection AddConcurrencyCaps(this IServiceCollection services)
    {
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<LimitsOptions>>((limiter, limits) =>
        {
            var cap = limits.Value.MaxConcurrentBatchDiagnose;
            var listings = ConcurrentListingLimit.Options(limits.Value);
            var watches = ConcurrentWatchLimit.Options(limits.Value);
            // One global limiter serves the server-wide caps, a partition each by the call's path,
            // chained with the per-tenant cap on watches.
            var byPath = PartitionedRateLimiter.Create<HttpContext, string>(http => http.Request.Path.Value switch
            {
                var path when path == BatchDiagnosePath => RateLimitPartition.GetConcurrencyLimiter(BatchDiagnosePath, _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = cap,
                    // Turned away at once, never queued: queued calls are memory too.
                    QueueLimit = 0,
                }),
                var path when path == ConcurrentListingLimit.ListPath => RateLimitPartition.GetConcurrencyLimiter(ConcurrentListingLimit.ListPath, _ => listings),
                var path when path == ConcurrentWatchLimit.WatchPath => RateLimitPartition.GetConcurrencyLimiter(ConcurrentWatchLimit.WatchPath, _ => watches),
                _ => RateLimitPartition.GetNoLimiter(""),
            });
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(byPath, ConcurrentWatchLimit.PerTenant(limits.Value));
        });
        return services;
    }

    /// <summary>
    /// After a BatchDiagnose has answered, and while the rate limiter middleware (before this)
    /// still holds its lease, waits until Kestrel has sent the answer to the client (HTTP/2 flow
    /// control allowing), or the connection is gone (<c>Limits:MinResponse*</c> closes a reader
    /// that stopped). Goes after <c>UseRateLimiter</c>.
    /// </summary>
    public static IApplicationBuilder UseConcurrencyCaps(this IApplicationBuilder app) => app.Use((http, next) =>
        http.Request.Path.Equals(BatchDiagnosePath, StringComparison.Ordinal) ? AnswerSentAsync(http, next) : next(http));

    private static async Task AnswerSentAsync(HttpContext http, RequestDelegate next)
    {
        await next(http);
        // Only an answer with a body: flushing one that has not started (an error answered in
        // the headers alone) would send its headers apart from its end.
        if (http.Response.HasStarted)
        {
            try
            {
                await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The connection was closed or the call reset: nothing is left to send.
            }
        }
    }

    /// <summary>
    /// Whether a rejected lease is one of these caps' rather than a token bucket's: a token
    /// bucket's failed lease always says when tokens return (RetryAfter), a concurrency limiter's never does.
    /// </summary>
    public static bool IsBusy(RateLimitLease lease) => !lease.TryGetMetadata(MetadataName.RetryAfter, out _);
}
