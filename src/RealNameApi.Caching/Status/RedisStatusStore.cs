using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;
using RealNameApi.Caching.Configuration;
using RealNameApi.Caching.Health;
using RealNameApi.Caching.Keys;
using RealNameApi.Caching.Redis;
using RealNameApi.Caching.Telemetry;
using RealNameApi.Contracts.V1;
using StackExchange.Redis;

namespace RealNameApi.Caching.Status;

/// <summary>
/// The status store in Redis, shared by every server instance: a tenant's cases are one hash,
/// listed through one lexicographically ordered index set (never KEYS or SCAN), and every record
/// is published so watches on any instance see it. Each tenant's keys and change channel carry
/// its hash tag, so on a Redis Cluster tenants spread over the shards while each script touches
/// the declared keys of one slot. See <see cref="RedisStatusScripts"/> for the layout.
/// </summary>
public sealed class RedisStatusStore : IVerificationStatusStore, ICaseStateCounts, IDisposable
{
    private readonly RedisConnection _connection;
    private readonly RedisBreakers _breakers;
    private readonly KeyedHasher _hasher;
    private readonly StatusOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CaseChangeNotifier _notifier = new();
    private readonly string _keyPrefix;
    private readonly RedisChannel _changes;
    private readonly Action<RedisChannel, RedisValue> _onChange;
    private readonly SemaphoreSlim _subscribing = new(1, 1);
    private volatile bool _subscribed;

    /// <summary>Creates the store over a connection, guarded by the connection's circuit breakers.</summary>
    public RedisStatusStore(RedisConnection connection, RedisBreakers breakers, KeyedHasher hasher, StatusOptions options, TimeProvider time, ILogger<RedisStatusStore> logger)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(breakers);
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _connection = connection;
        _breakers = breakers;
        _hasher = hasher;
        _options = options;
        _time = time;
        _logger = logger;
        _keyPrefix = connection.KeyPrefix;
        // One channel per tenant (sharded pub/sub on a cluster could use each in its slot); one
        // pattern subscription hears them all. The prefix holds no glob character (RedisOptions).
        _changes = new RedisChannel(_keyPrefix + "{t:*}:status:changes", RedisChannel.PatternMode.Pattern);
        _onChange = (_, qualifiedId) => _notifier.Notify((string)qualifiedId!);
        _connection.Restored += OnRestored;
    }

    /// <inheritdoc/>
    public async Task<bool> RecordAsync(TenantNamespace tenant, string caseId, Diagnosis diagnosis, CancellationToken cancellationToken = default)
    {
        var prefix = PrefixOf(tenant);
        var now = _time.GetUtcNow();
        var record = CaseRecords.FromDiagnosis(caseId, diagnosis, now);
        var (state, opensAt) = VerificationStates.Compute(record.Outcome, record.Retry, now);
        var expiresAt = CaseRecords.ExpiresAt(record.Retry, now, _options);
        var nowMs = now.ToUnixTimeMilliseconds();
        RedisValue[] arguments =
        [
            nowMs,
            caseId,
            record.Platform,
            BucketOf(state),
            nowMs,
            opensAt is { } opens ? opens.ToUnixTimeMilliseconds() : "",
            expiresAt.ToUnixTimeMilliseconds(),
            record.ToByteArray(),
            prefix + "changes",
            tenant.Qualify(caseId),
        ];

        // Every key of a tenant shares its hash tag, so its slot and its shard's breaker.
        var keys = KeysOf(prefix);
        var breaker = _breakers.For(keys[0]);
        if (!breaker.TryAcquire())
        {
            Log.StatusRecordSkipped(_logger);
            return false;
        }

        using var span = CachingTelemetry.StartRedis("status.record");
        try
        {
            // The client times the command out (Redis:AsyncTimeout); it takes no token, so the
            // caller's cancellation only ends the wait (as the client's documentation advises).
            await _connection.Database.ScriptEvaluateAsync(RedisStatusScripts.Record, keys, arguments)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            breaker.RecordSuccess();
            if (_connection.RecordReplicas > 0 && !await ReplicatedAsync(keys[0], cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }
        catch (Exception e) when (IsStoreFailure(e, cancellationToken))
        {
            breaker.RecordFailure(e);
            CachingTelemetry.RedisError("status.record", e);
            CachingTelemetry.Failed(span, e);
            Log.StatusRecordFailed(_logger, e.GetType().Name);
            return false;
        }

        // Watches here wake at once; those on other instances through the script's PUBLISH.
        _notifier.Notify(tenant.Qualify(caseId));
        return true;
    }

    // WAIT on the connection to the primary that took the record: it returns once that many
    // replicas have every write made on the connection so far (this record included), or after
    // the timeout with fewer. Redis blocks the connection meanwhile, so other commands to that
    // primary queue behind it for up to one replication round trip (measured in the Caching README).
    private async Task<bool> ReplicatedAsync(RedisKey key, CancellationToken cancellationToken)
    {
        try
        {
            var endpoint = await _connection.Database.IdentifyEndpointAsync(key).WaitAsync(cancellationToken).ConfigureAwait(false);
            var server = _connection.Multiplexer.GetServer(endpoint!);
            var acknowledged = await server.ExecuteAsync("WAIT", _connection.RecordReplicas, (long)_connection.RecordReplicaTimeout.TotalMilliseconds)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            if ((long)acknowledged >= _connection.RecordReplicas)
            {
                return true;
            }

            Log.StatusRecordNotReplicated(_logger, (long)acknowledged, _connection.RecordReplicas);
        }
        catch (Exception e) when (IsStoreFailure(e, cancellationToken))
        {
            Log.StatusRecordFailed(_logger, e.GetType().Name);
        }

        return false;
    }

    /// <inheritdoc/>
    public async Task<VerificationStatus?> GetAsync(TenantNamespace tenant, string caseId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(caseId);
        var key = PrefixOf(tenant) + "cases";
        var value = await CallAsync(key, db => db.HashGetAsync(key, caseId), cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        if (value.IsNull)
        {
            return null;
        }

        var recorded = Parse((byte[])value!, now.ToUnixTimeMilliseconds());
        return recorded is null ? null : VerificationStates.At(recorded, now);
    }

    /// <inheritdoc/>
    public async Task<ListVerificationStatusesResponse> ListAsync(TenantNamespace tenant, string? platform, VerificationState state, int pageSize, string? pageToken, CancellationToken cancellationToken = default)
    {
        var size = CaseRecords.PageSize(pageSize);
        var platformFilter = CaseRecords.PlatformFilter(platform);
        var after = PageToken.Decode(_hasher, tenant, pageToken, platformFilter, state);
        var now = _time.GetUtcNow();
        var prefix = PrefixOf(tenant);
        RedisValue[] arguments =
        [
            now.ToUnixTimeMilliseconds(),
            platformFilter ?? "*",
            state == VerificationState.Unspecified ? "all" : BucketOf(state),
            after is { } cursor ? cursor.UpdatedMs : "",
            after?.CaseId ?? "",
            size + 1,
        ];
        var keys = KeysOf(prefix);
        var result = await CallAsync(
            keys[0], db => db.ScriptEvaluateAsync(RedisStatusScripts.List, keys, arguments), cancellationToken).ConfigureAwait(false);

        var rows = (RedisResult[])result!;
        var response = new ListVerificationStatusesResponse();
        for (var i = 0; i + 3 < rows.Length && response.Statuses.Count < size; i += 4)
        {
            var recorded = ParseStatus((byte[])rows[i + 3]!, (long)rows[i + 2]);
            if (recorded is not null)
            {
                response.Statuses.Add(VerificationStates.At(recorded, now));
            }
        }

        if (rows.Length / 4 > size)
        {
            var last = (size - 1) * 4;
            var lastUpdatedMs = (long)rows[last + 1];
            response.NextPageToken = new PageToken(lastUpdatedMs, (string)rows[last]!).Encode(_hasher, tenant, platformFilter, state);
        }

        return response;
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<VerificationStatus> WatchAsync(TenantNamespace tenant, string caseId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(caseId);
        await EnsureSubscribedAsync().ConfigureAwait(false);
        await foreach (var status in StatusWatch.RunAsync(caseId, tenant.Qualify(caseId), (id, token) => GetAsync(tenant, id, token), _notifier, _time, _connection.AsyncTimeout * 4, _logger, cancellationToken).ConfigureAwait(false))
        {
            yield return status;
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// One ZLEXCOUNT per tenant and state, over the all-platform range of its index, in one round trip. Skipped (null) while
    /// any circuit breaker is not closed, and never counted as a failure there: a metric must not
    /// open a breaker for the callers, nor wait on a shard that hangs.
    /// </remarks>
    public async Task<IReadOnlyDictionary<VerificationState, long>?> CountByStateAsync(IReadOnlyCollection<TenantNamespace> tenants, CancellationToken cancellationToken = default)
    {
        if (_breakers.OpenCount > 0)
        {
            return null;
        }

        VerificationState[] states = [VerificationState.ActionRequired, VerificationState.Waiting, VerificationState.ReadyToRetry, VerificationState.Final];
        try
        {
            var batch = _connection.Database.CreateBatch();
            var counts = states.ToDictionary(state => state, state => tenants
                .Select(tenant => batch.SortedSetLengthByValueAsync(PrefixOf(tenant) + "idx", "*|" + BucketOf(state) + "|", "*|" + BucketOf(state) + "}", Exclude.Stop))
                .ToArray());
            batch.Execute();
            await Task.WhenAll(counts.Values.SelectMany(c => c)).WaitAsync(cancellationToken).ConfigureAwait(false);
            return counts.ToDictionary(c => c.Key, c => c.Value.Sum(t => t.Result));
        }
        catch (Exception e) when (IsStoreFailure(e, cancellationToken))
        {
            CachingTelemetry.RedisError("status.count", e);
            return null;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _connection.Restored -= OnRestored;
        // A connection already closed has no subscription left to end.
        if (_subscribed && _connection.IsConnected)
        {
            _connection.Subscriber.Unsubscribe(_changes, _onChange, CommandFlags.FireAndForget);
        }

        _subscribing.Dispose();
    }

    // Every key of a tenant's cases: the prefix, the tenant's hash tag, "status:".
    private string PrefixOf(TenantNamespace tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant.Id, nameof(tenant));
        return _keyPrefix + tenant.HashTag + ":status:";
    }

    // Every key a script touches, all under the tenant's hash tag: a cluster-aware client routes
    // the call to the tenant's shard, and the script stays within its slot.
    private static RedisKey[] KeysOf(string prefix) => [prefix + "cases", prefix + "idx", prefix + "opens", prefix + "expiry"];

    private static string BucketOf(VerificationState state) => state switch
    {
        VerificationState.ActionRequired => "action_required",
        VerificationState.Waiting => "waiting",
        VerificationState.ReadyToRetry => "ready_to_retry",
        VerificationState.Final => "final",
        _ => "unknown",
    };

    private static bool IsStoreFailure(Exception e, CancellationToken cancellationToken) =>
        e is not OperationCanceledException || !cancellationToken.IsCancellationRequested;

    // Every read goes through the breaker of its key's shard; failures and timeouts (the
    // client's) become StatusStoreUnavailableException.
    private async Task<T> CallAsync<T>(RedisKey key, Func<IDatabase, Task<T>> command, CancellationToken cancellationToken)
    {
        var breaker = _breakers.For(key);
        if (!breaker.TryAcquire())
        {
            throw new StatusStoreUnavailableException();
        }

        using var span = CachingTelemetry.StartRedis("status.read");
        try
        {
            var result = await command(_connection.Database).WaitAsync(cancellationToken).ConfigureAwait(false);
            breaker.RecordSuccess();
            return result;
        }
        catch (Exception e) when (IsStoreFailure(e, cancellationToken))
        {
            breaker.RecordFailure(e);
            CachingTelemetry.RedisError("status.read", e);
            CachingTelemetry.Failed(span, e);
            Log.StatusReadFailed(_logger, e.GetType().Name);
            throw new StatusStoreUnavailableException(e);
        }
    }

    // A stored case: "created|expires|updated|platform|" (unix ms) and the status's protobuf bytes.
    // Null when its retention has passed (maintenance has not removed it yet) or it is unreadable.
    private VerificationStatus? Parse(byte[] value, long nowMs)
    {
        var rest = value.AsSpan();
        Span<long> times = stackalloc long[2];
        for (var field = 0; field < 4; field++)
        {
            var bar = rest.IndexOf((byte)'|');
            if (bar < 0 || (field < 2 && !long.TryParse(rest[..bar], NumberStyles.None, CultureInfo.InvariantCulture, out times[field])))
            {
                Log.StatusValueUnreadable(_logger);
                return null;
            }

            rest = rest[(bar + 1)..];
        }

        return times[1] <= nowMs ? null : ParseStatus(rest.ToArray(), times[0]);
    }

    private VerificationStatus? ParseStatus(byte[] status, long createdMs)
    {
        VerificationStatus recorded;
        try
        {
            recorded = VerificationStatus.Parser.ParseFrom(status);
        }
        catch (InvalidProtocolBufferException)
        {
            Log.StatusValueUnreadable(_logger);
            return null;
        }

        recorded.CreatedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(createdMs));
        return recorded;
    }

    private async Task EnsureSubscribedAsync()
    {
        if (_subscribed)
        {
            return;
        }

        await _subscribing.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_subscribed)
            {
                await _connection.Subscriber.SubscribeAsync(_changes, _onChange).ConfigureAwait(false);
                _subscribed = true;
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Watches still see records made here and their own window openings; other
            // instances' records are seen once a later watch or a reconnection subscribes.
            Log.StatusSubscribeFailed(_logger, e.GetType().Name);
        }
        finally
        {
            _subscribing.Release();
        }
    }

    private void OnRestored(object? sender, EventArgs e)
    {
        // Notifications published while the connection was down are lost: have every watch read again.
        _notifier.NotifyAll();
        _ = EnsureSubscribedAsync();
    }
}
