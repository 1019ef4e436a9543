using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using RealNameApi.Caching.Redis;
using StackExchange.Redis;

namespace RealNameApi.Caching.Health;

/// <summary>
/// The circuit breakers in front of Redis: one for the deployment, and on a Redis Cluster one per
/// shard (the primary that owns a key's slot, <see cref="RedisConnection.PrimaryOf"/>), so that a
/// shard that hangs, its commands timing out, is bypassed alone while the others stay in use.
/// Keys whose shard is not known (one Redis, Sentinel, a cluster no node of which has answered
/// yet) share the deployment's breaker.
/// </summary>
public sealed class RedisBreakers : ICacheHealth
{
    // Shards come and go with failovers and resharding; past this many, new ones share the
    // deployment's breaker rather than grow the map (a cluster of this size is far beyond the
    // service's needs).
    private const int MaxShards = 64;

    private readonly RedisConnection? _connection;
    private readonly Func<string, CircuitBreaker> _create;
    private readonly ConcurrentDictionary<EndPoint, CircuitBreaker> _shards = new();
    private readonly Lock _gate = new();
    private int _status = (int)CacheHealthStatus.Healthy;

    /// <summary>Creates the breakers, all closed.</summary>
    /// <param name="failureThreshold">Consecutive failures that open one.</param>
    /// <param name="breakDuration">How long one stays open before a probe.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">Logs their openings and closings.</param>
    /// <param name="connection">The connection whose shards to tell apart; null: one breaker for everything.</param>
    public RedisBreakers(int failureThreshold, TimeSpan breakDuration, TimeProvider time, ILogger<CircuitBreaker> logger, RedisConnection? connection = null)
    {
        _connection = connection;
        _create = name => new CircuitBreaker(failureThreshold, breakDuration, time, logger, connection is null ? null : connection.CountsAgainstBreaker, name);
        Deployment = Watch(_create("Redis"));
    }

    /// <summary>The breaker of keys whose shard is not known: on one Redis or Sentinel, every key's.</summary>
    public CircuitBreaker Deployment { get; }

    /// <summary>
    /// Healthy while Redis is in use: <see cref="CacheHealthStatus.Unavailable"/> when the
    /// deployment's breaker is open, or on a cluster when every shard's is.
    /// </summary>
    public CacheHealthStatus Status => (CacheHealthStatus)Volatile.Read(ref _status);

    /// <inheritdoc/>
    public event EventHandler<CacheHealthStatus>? StatusChanged;

    /// <summary>How many breakers are open (or half-open) now.</summary>
    public int OpenCount => (Deployment.Status == CacheHealthStatus.Healthy ? 0 : 1) + _shards.Values.Count(b => b.Status != CacheHealthStatus.Healthy);

    /// <summary>The breaker a command on <paramref name="key"/> goes through.</summary>
    public CircuitBreaker For(in RedisKey key)
    {
        if (_connection?.PrimaryOf(key) is not { } primary)
        {
            return Deployment;
        }

        if (_shards.TryGetValue(primary, out var breaker))
        {
            return breaker;
        }

        lock (_gate)
        {
            if (_shards.TryGetValue(primary, out breaker))
            {
                return breaker;
            }

            if (_shards.Count >= MaxShards)
            {
                return Deployment;
            }

            breaker = Watch(_create($"Redis shard {EndPointCollection.ToString(primary)}"));
            _shards[primary] = breaker;
            return breaker;
        }
    }

    /// <summary>The breakers that are open now, with the primary each guards (null: the deployment's).</summary>
    public IReadOnlyList<(EndPoint? Shard, CircuitBreaker Breaker)> Open()
    {
        var open = new List<(EndPoint?, CircuitBreaker)>();
        if (Deployment.Status != CacheHealthStatus.Healthy)
        {
            open.Add((null, Deployment));
        }

        foreach (var (shard, breaker) in _shards)
        {
            if (breaker.Status != CacheHealthStatus.Healthy)
            {
                open.Add((shard, breaker));
            }
        }

        return open;
    }

    /// <summary>Drops the breaker of a primary that no longer owns slots (failed over, resharded away).</summary>
    public void Forget(EndPoint shard)
    {
        if (_shards.TryRemove(shard, out var breaker))
        {
            breaker.StatusChanged -= OnBreakerChanged;
            OnBreakerChanged(this, CacheHealthStatus.Healthy);
        }
    }

    private CircuitBreaker Watch(CircuitBreaker breaker)
    {
        breaker.StatusChanged += OnBreakerChanged;
        return breaker;
    }

    private void OnBreakerChanged(object? sender, CacheHealthStatus _)
    {
        CacheHealthStatus now;
        lock (_gate)
        {
            now = Deployment.Status != CacheHealthStatus.Healthy || (!_shards.IsEmpty && _shards.Values.All(b => b.Status != CacheHealthStatus.Healthy))
                ? CacheHealthStatus.Unavailable
                : CacheHealthStatus.Healthy;
            if ((int)now == _status)
            {
                return;
            }

            Volatile.Write(ref _status, (int)now);
        }

        StatusChanged?.Invoke(this, now);
    }
}
