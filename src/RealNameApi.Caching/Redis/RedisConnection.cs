using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RealNameApi.Caching.Configuration;
using StackExchange.Redis;

namespace RealNameApi.Caching.Redis;

/// <summary>
/// The process's one connection to Redis (a StackExchange.Redis multiplexer), set up to fail fast
/// and to reconnect by itself: the service starts and answers while Redis is down, and uses Redis
/// again once it is back, without a restart.
/// </summary>
public sealed class RedisConnection : IDisposable
{
    private readonly ConnectionMultiplexer _multiplexer;
    private readonly ILogger _logger;
    private volatile bool _isCluster;
    private volatile bool _isStandalone;
    private volatile ClusterConfiguration? _slots;

    /// <summary>Connects (or starts connecting in the background) with the <c>Redis</c> options.</summary>
    public RedisConnection(IOptions<RedisOptions> options, ILogger<RedisConnection> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        var settings = options.Value;
        if (!settings.IsConfigured)
        {
            throw new InvalidOperationException("Redis:Configuration is empty: no Redis connection to make.");
        }

        ConfigurationOptions configuration;
        try
        {
            configuration = ConfigurationOptions.Parse(settings.Configuration);
        }
        catch (ArgumentException)
        {
            // The configuration string may hold a password: it is not repeated here.
            throw new InvalidOperationException("Redis:Configuration is not a valid StackExchange.Redis configuration string.");
        }

        // Never fail start-up for Redis: the multiplexer keeps retrying in the background.
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = Milliseconds(settings.ConnectTimeout);
        configuration.SyncTimeout = Milliseconds(settings.SyncTimeout);
        configuration.AsyncTimeout = Milliseconds(settings.AsyncTimeout);
        // The client finds timed-out commands on its heartbeat (every second by default), so a
        // command could wait up to a second past AsyncTimeout; beat often enough to keep to it.
        configuration.HeartbeatInterval = TimeSpan.FromTicks(Math.Clamp(settings.AsyncTimeout.Ticks / 2, TimeSpan.TicksPerMillisecond * 50, TimeSpan.TicksPerSecond));
        // While Redis is down, fail at once (the cache computes, the store answers UNAVAILABLE)
        // rather than queue every command until its timeout.
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        // Exception messages would otherwise quote the command's key (a keyed hash, a case id).
        configuration.IncludeDetailInExceptions = false;
        configuration.ClientName ??= "realname-api";

        _logger = logger;
        KeyPrefix = settings.KeyPrefix;
        AsyncTimeout = settings.AsyncTimeout;
        RecordReplicas = settings.RecordReplicas;
        RecordReplicaTimeout = settings.RecordReplicaTimeout;
        _multiplexer = ConnectionMultiplexer.Connect(configuration);
        _multiplexer.ConnectionFailed += OnConnectionFailed;
        _multiplexer.ConnectionRestored += OnConnectionRestored;
        _multiplexer.ConfigurationChanged += OnTopologyChanged;
        _multiplexer.HashSlotMoved += OnTopologyChanged;
    }

    /// <summary>Raised when a lost connection is back, for work that missed messages meanwhile.</summary>
    public event EventHandler? Restored;

    /// <summary>The prefix of every key and channel.</summary>
    public string KeyPrefix { get; }

    /// <summary>How long an asynchronous command may take; the client fails it after that.</summary>
    public TimeSpan AsyncTimeout { get; }

    /// <summary>Replicas a record waits for (<c>Redis:RecordReplicas</c>); 0: none.</summary>
    public int RecordReplicas { get; }

    /// <summary>How long a record waits for them (<c>Redis:RecordReplicaTimeout</c>).</summary>
    public TimeSpan RecordReplicaTimeout { get; }

    /// <summary>The multiplexer itself, for the clients built on it (the distributed cache).</summary>
    public IConnectionMultiplexer Multiplexer => _multiplexer;

    /// <summary>
    /// Whether a failure should count toward a circuit breaker. On a Redis Cluster, a command
    /// that found no connection to its shard (a primary down until its replica takes over)
    /// failed at once: there is no wait to spare callers, and an open breaker would only keep the
    /// shard's keys off the replica that takes over until its break ends. It does not count.
    /// Timeouts (a shard that hangs, on its own breaker) and every failure on one primary count.
    /// </summary>
    public bool CountsAgainstBreaker(Exception error) =>
        error is not RedisConnectionException || !IsCluster;

    /// <summary>Whether the connection is to a Redis Cluster (known once a node has answered).</summary>
    public bool IsCluster
    {
        get
        {
            // Once seen it stays so: a deployment does not change kind under a running process.
            if (!_isCluster)
            {
                _isCluster = _multiplexer.GetServers().Any(s => s.ServerType == ServerType.Cluster);
            }

            return _isCluster;
        }
    }

    /// <summary>
    /// On a Redis Cluster, the primary that owns <paramref name="key"/>'s hash slot, as the
    /// cluster last described itself to the client (<c>CLUSTER NODES</c>, taken again whenever the
    /// client sees the topology change); null on one Redis or Sentinel, and while no node answers.
    /// It names the shard a command is for even while the client sends it elsewhere (to another
    /// node, when the owner has no connection), which is what its circuit breaker needs to know.
    /// </summary>
    public EndPoint? PrimaryOf(in RedisKey key)
    {
        if (_isStandalone)
        {
            return null;
        }

        return (_slots ?? ReadSlots())?.GetBySlot(key)?.EndPoint;
    }

    /// <summary>Whether <paramref name="primary"/> still owns slots, as the cluster last described itself.</summary>
    public bool OwnsSlots(EndPoint primary) =>
        (_slots ?? ReadSlots())?.Nodes.Any(n => !n.IsReplica && n.Slots.Count > 0 && Equals(n.EndPoint, primary)) ?? false;

    /// <summary>Whether a connection to Redis is up now.</summary>
    public bool IsConnected => _multiplexer.IsConnected;

    /// <summary>The database commands go to.</summary>
    public IDatabase Database => _multiplexer.GetDatabase();

    /// <summary>Publish and subscribe.</summary>
    public ISubscriber Subscriber => _multiplexer.GetSubscriber();

    /// <inheritdoc/>
    public void Dispose()
    {
        _multiplexer.ConnectionFailed -= OnConnectionFailed;
        _multiplexer.ConnectionRestored -= OnConnectionRestored;
        _multiplexer.ConfigurationChanged -= OnTopologyChanged;
        _multiplexer.HashSlotMoved -= OnTopologyChanged;
        _multiplexer.Dispose();
    }

    // The slot map of a connected primary. A deployment whose connected nodes are none of them
    // cluster nodes is remembered as such, so that one Redis never pays for the lookup again.
    private ClusterConfiguration? ReadSlots()
    {
        var connected = _multiplexer.GetServers().Where(s => s.IsConnected).ToList();
        if (connected.Any(s => s.ServerType == ServerType.Cluster))
        {
            _isCluster = true;
            _slots = connected.FirstOrDefault(s => s.ServerType == ServerType.Cluster && !s.IsReplica && s.ClusterConfiguration is not null)?.ClusterConfiguration;
            return _slots;
        }

        _isStandalone = connected.Count > 0;
        return null;
    }

    private void OnTopologyChanged(object? sender, EventArgs e) => _slots = null;

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e) =>
        Log.RedisConnectionFailed(_logger, e.ConnectionType.ToString(), e.FailureType.ToString());

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        _slots = null;
        Log.RedisConnectionRestored(_logger, e.ConnectionType.ToString());
        Restored?.Invoke(this, EventArgs.Empty);
    }

    private static int Milliseconds(TimeSpan value) => (int)Math.Ceiling(value.TotalMilliseconds);
}
