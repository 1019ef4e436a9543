using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RealNameApi.Caching.Configuration;
using RealNameApi.Caching.Redis;

namespace RealNameApi.Caching.Health;

/// <summary>
/// While the circuit breaker is open, pings Redis once per break as the half-open probe, so the
/// cache's health recovers when Redis does even if no request comes to probe it.
/// </summary>
public sealed class RedisHealthProbe : BackgroundService
{
    private readonly RedisConnection _connection;
    private readonly CircuitBreaker _breaker;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the probe.</summary>
    public RedisHealthProbe(RedisConnection connection, CircuitBreaker breaker, IOptions<RedisOptions> options, TimeProvider time, ILogger<RedisHealthProbe> logger)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(breaker);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _connection = connection;
        _breaker = breaker;
        _interval = options.Value.BreakDuration;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(_interval, _time, stoppingToken).ConfigureAwait(false);
            if (_breaker.Status == CacheHealthStatus.Healthy || !_breaker.TryAcquire())
            {
                continue;
            }

            try
            {
                await _connection.Database.PingAsync().WaitAsync(stoppingToken).ConfigureAwait(false);
                _breaker.RecordSuccess();
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                _breaker.RecordFailure();
                Log.ProbeFailed(_logger, e.GetType().Name);
            }
        }
    }
}
