using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using RealNameApi.Caching.Configuration;
using RealNameApi.Caching.Health;
using RealNameApi.Caching.Redis;
using RealNameApi.Caching.Results;
using RealNameApi.Caching.Tests.Infrastructure;
using RealNameApi.Contracts.V1;
using StackExchange.Redis;

namespace RealNameApi.Caching.Tests.Results;

/// <summary>Both tiers, on a real redis-server.</summary>
[Collection(SharedRedis.Name)]
public sealed class ResultCacheOnRedisTests(RedisWithAdmin redis) : ResultCacheOnRedisBehaviour(redis);

/// <summary>Both tiers, the shared one on a real Redis deployment (one server or a cluster).</summary>
public abstract class ResultCacheOnRedisBehaviour : ResultCacheBehaviour
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(10);
    private readonly IRedisWithAdmin _redis;
    private readonly RedisConnection _connection;
    private readonly CountingDistributedCache _shared;
    private readonly RedisBreakers _breaker = Parts.Breaker();

    protected ResultCacheOnRedisBehaviour(IRedisWithAdmin redis)
    {
        _redis = redis;
        _connection = Own(Parts.Connect(redis, Parts.UniquePrefix()));
        _shared = new CountingDistributedCache(new RedisDistributedCache(_connection, TimeProvider.System));
    }

    protected IDatabase Db => _redis.Admin.GetDatabase();

    protected override ResultCache NewCache() =>
        new(new CacheOptions { Ttl = Ttl, TtlJitter = 0.1 }, _shared, _breaker, NullLogger<ResultCache>.Instance);

    [Fact]
    public async Task A_miss_stores_the_answer_in_Redis_as_protobuf_bytes_with_a_jittered_ttl()
    {
        var cache = Cache();
        var keys = Enumerable.Range(0, 40).Select(_ => NewKey()).ToList();

        foreach (var key in keys)
        {
            await cache.GetOrCreateAsync(key, () => Parts.Answer());
        }

        await Eventually.HoldsAsync(async () => await Db.KeyExistsAsync(keys[^1].Value), "the last answer written to Redis");
        var ttls = new List<TimeSpan>();
        foreach (var key in keys)
        {
            var stored = (byte[]?)await Db.StringGetAsync(key.Value);
            Assert.NotNull(stored);
            Assert.Equal(Parts.Answer(), DiagnoseResponse.Parser.ParseFrom(stored));
            ttls.Add(await Db.KeyTimeToLiveAsync(key.Value) ?? TimeSpan.Zero);
        }

        Assert.All(ttls, ttl => Assert.InRange(ttl, (Ttl * 0.9) - TimeSpan.FromSeconds(5), Ttl * 1.1));
        Assert.True(ttls.Distinct().Count() > 10, "the lifetimes are spread, not all equal");
    }

    [Fact]
    public async Task Another_replica_is_answered_from_Redis_without_computing()
    {
        var key = NewKey();
        await Cache().GetOrCreateAsync(key, () => Parts.Answer());
        await Eventually.HoldsAsync(async () => await Db.KeyExistsAsync(key.Value), "the answer written to Redis");

        var computedByReplica = false;
        var answer = await Cache().GetOrCreateAsync(key, () =>
        {
            computedByReplica = true;
            return Parts.Answer("dayu.other");
        });

        Assert.False(computedByReplica);
        Assert.Equal(Parts.Answer(), answer);
    }

    [Fact]
    public async Task An_answer_read_from_Redis_comes_with_the_bytes_Redis_held()
    {
        var key = NewKey();
        await Cache().GetOrCreateAsync(key, () => Parts.Answer());
        await Eventually.HoldsAsync(async () => await Db.KeyExistsAsync(key.Value), "the answer written to Redis");

        var answer = await Cache().GetOrCreateEncodedAsync(key, 0, static _ => Parts.Answer("dayu.other"));

        Assert.Equal(Parts.Answer(), answer.Message);
        Assert.Equal((byte[])(await Db.StringGetAsync(key.Value))!, answer.Encoding.ToArray());
    }

    [Fact]
    public async Task An_in_process_hit_makes_no_Redis_round_trip()
    {
        var cache = Cache();
        var key = NewKey();
        await cache.GetOrCreateAsync(key, () => Parts.Answer());
        var reads = _shared.Reads;
        var writes = _shared.Writes;

        for (var i = 0; i < 10; i++)
        {
            var hit = cache.GetOrCreateAsync(key, () => Parts.Answer("dayu.recomputed"));
            Assert.True(hit.IsCompletedSuccessfully, "an in-process hit completes synchronously");
            Assert.Equal(Parts.Answer(), await hit);
        }

        Assert.Equal(reads, _shared.Reads);
        Assert.Equal(writes, _shared.Writes);
    }

    [Fact]
    public async Task The_hundred_concurrent_requests_also_read_Redis_once()
    {
        var cache = Cache();
        var key = NewKey();
        var reads = _shared.Reads;
        using var gate = new ManualResetEventSlim();

        var requests = Enumerable.Range(0, 100).Select(_ => Task.Run(async () => await cache.GetOrCreateAsync(key, () =>
        {
            gate.Wait(TimeSpan.FromSeconds(30));
            return Parts.Answer();
        }))).ToArray();
        await Task.Delay(200);
        gate.Set();
        await Task.WhenAll(requests);

        Assert.Equal(reads + 1, _shared.Reads);
    }

    [Fact]
    public async Task A_value_that_is_not_the_expected_message_is_recomputed_and_overwritten()
    {
        var key = NewKey();
        await Db.StringSetAsync(key.Value, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }, TimeSpan.FromMinutes(1));

        var answer = await Cache().GetOrCreateAsync(key, () => Parts.Answer());

        Assert.Equal(Parts.Answer(), answer);
        await Eventually.HoldsAsync(
            async () => ((byte[]?)await Db.StringGetAsync(key.Value))?.SequenceEqual(Parts.Answer().ToByteArray()) == true,
            "the damaged value overwritten");
    }

    [Fact]
    public async Task The_distributed_cache_honours_absolute_expirations_and_refuses_sliding_ones()
    {
        var key = _connection.KeyPrefix + "plain";
        await _shared.SetAsync(key, [1, 2, 3], new() { AbsoluteExpiration = DateTimeOffset.UtcNow.AddMinutes(2) });

        Assert.Equal([1, 2, 3], await _shared.GetAsync(key));
        Assert.InRange(await Db.KeyTimeToLiveAsync(key) ?? TimeSpan.Zero, TimeSpan.FromSeconds(100), TimeSpan.FromMinutes(2));
        await Assert.ThrowsAsync<NotSupportedException>(() => _shared.SetAsync(key, [1], new() { SlidingExpiration = TimeSpan.FromMinutes(1) }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _shared.SetAsync(key, [1], new() { AbsoluteExpiration = DateTimeOffset.UtcNow.AddMinutes(-1) }));
        await _shared.RemoveAsync(key);
        Assert.Null(await _shared.GetAsync(key));
        Assert.Null(_shared.Get(key));
    }
}
