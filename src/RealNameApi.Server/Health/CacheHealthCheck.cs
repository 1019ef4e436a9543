using Microsoft.Extensions.Diagnostics.HealthChecks;
using RealNameApi.Caching.Health;

namespace RealNameApi.Server.Health;

/// <summary>The cache as the circuit breaker sees it: unhealthy while Redis is bypassed.</summary>
internal sealed class CacheHealthCheck(ICacheHealth cache) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(cache.Status == CacheHealthStatus.Healthy
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("Redis is bypassed; answers are computed without the shared cache."));
}
