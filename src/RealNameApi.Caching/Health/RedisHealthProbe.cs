using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RealNameApi.Caching.Configuration;
using RealNameApi.Caching.Redis;

namespace RealNameApi.Caching.Health;

/// <summary>
/// While a circuit breaker is open, pings what it guards once per break as its half-open probe
/// (Redis, or on a cluster the shard's primary), so the cache's health recovers when Redis does
/// even if no request comes to probe it. A shard whose primary no longer owns slots (failed over,
/// resharded away) has its breaker dropped: its keys are another primary's now.
/// </summary>
public sealed class RedisHealthProbe : BackgroundService
{
    private readonly RedisConnection _connection;
    private readonly RedisBreakers _breakers;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the probe.</summary>
    public RedisHealthProbe(RedisConnection connection, RedisBreakers breakers, IOptions<RedisOptions> options, TimeProvider time, ILogger<RedisHealthProbe> logger)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(breakers);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _connection = connection;
        _breakers = breakers;
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
            foreach (var (shard, breaker) in _breakers.Open())
            {
                if (shard is not null && !_connection.OwnsSlots(shard))
                {
                    _breakers.Forget(shard);
                    continue;
                }

                if (!breaker.TryAcquire())
                {
                    continue;
                }

                try
                {
                    var ping = shard is null ? _connection.Database.PingAsync() : _connection.Multiplexer.GetServer(shard).PingAsync();
                    await ping.WaitAsync(stoppingToken).ConfigureAwait(false);
                    breaker.RecordSuccess();
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    breaker.RecordFailure();
                    Log.ProbeFailed(_logger, e.GetType().Name);
                }
            }
        }
    }
}
