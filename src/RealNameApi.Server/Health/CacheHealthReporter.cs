using RealNameApi.Caching.Health;
using RealNameApi.Rpc.Health;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace RealNameApi.Server.Health;

/// <summary>
/// Reports the cache on its own health service name (<c>realname.cache</c>). The main services
/// stay SERVING while Redis is down: they answer without it (fail-open), so a load balancer must
/// not take the instance out.
/// </summary>
internal sealed class CacheHealthReporter(ICacheHealth cache, HealthStatusRegistry health) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        cache.StatusChanged += OnStatusChanged;
        Report(cache.Status);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        cache.StatusChanged -= OnStatusChanged;
        return Task.CompletedTask;
    }

    // Changes are raised outside the breaker's lock, so two can arrive out of order: report the
    // status as it is now rather than as the event says.
    private void OnStatusChanged(object? sender, CacheHealthStatus status) => Report(cache.Status);

    private void Report(CacheHealthStatus status) =>
        health.Set(ICacheHealth.ServiceName, status == CacheHealthStatus.Healthy ? ServingStatus.Serving : ServingStatus.NotServing);
}
