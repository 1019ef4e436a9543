using Grpc.HealthCheck;
using RealNameApi.Caching.Health;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace RealNameApi.Server.Health;

/// <summary>
/// Pushes a change of the cache's health to <c>Health/Watch</c> callers of <c>realname.cache</c>
/// at once. <c>Health/Check</c> runs <see cref="CacheHealthCheck"/> on every call; watches are
/// otherwise updated only when the health check publisher next runs.
/// </summary>
internal sealed class CacheHealthReporter(ICacheHealth cache, HealthServiceImpl health) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        cache.StatusChanged += OnStatusChanged;
        Report();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        cache.StatusChanged -= OnStatusChanged;
        return Task.CompletedTask;
    }

    // Changes are raised outside the breaker's lock, so two can arrive out of order: report the
    // status as it is now rather than as the event says.
    private void OnStatusChanged(object? sender, CacheHealthStatus status) => Report();

    private void Report() =>
        health.SetStatus(ICacheHealth.ServiceName, cache.Status == CacheHealthStatus.Healthy ? ServingStatus.Serving : ServingStatus.NotServing);
}
