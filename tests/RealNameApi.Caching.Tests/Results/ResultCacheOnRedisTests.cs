using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using RealNameApi.Caching.Configuration;
using RealNameApi.Caching.Health;
using RealNameApi.Caching.Keys;
using RealNameApi.Caching.Redis;
using RealNameApi.Caching.Results;
using RealNameApi.Caching.Tests.Infrastructure;
using RealNameApi.Contracts.V1;
using StackExchange.Redis;

namespace RealNameApi.Caching.Tests.Results;

/// <summary>Both tiers, on a real redis-server.</summary>
[Collection(SharedRedis.Name)]
public sealed class ResultCacheOnRedisTests : ResultCacheBehaviour
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(10);
    private readonly RedisWithAdmin _redis;
    private readonly RedisConnection _connection;
    private readonly CountingDistributedCache _shared;
    private readonly CircuitBreaker _breaker = Parts.Breaker();

    public ResultCacheOnRedisTests(RedisWithAdmin redis)
    {
        _redis = redis;
        _connection = Own(Parts.Connect(redis, Parts.UniquePrefix()));
        _shared = new CountingDistributedCache(Parts.SharedTier(_connection));
    }

    private IDatabase Db => _redis.Admin.GetDatabase();

    protected override ResultCache NewCache() =>
        new(new CacheOptions { Ttl = Ttl, TtlJitter = 0.1 }, _shared, _breaker, NullLogger<ResultCache>.Instance);

    [Fact]
    public async Task A_miss_stores_the_answer_in_Redis_as_its_protobuf_bytes_with_a_jittered_ttl()
    {
        var cache = Cache();
        var keys = Enumerable.Range(0, 40).Select(_ => NewKey()).ToList();

        foreach (var key in keys)
        {
            await cache.GetOrCreateAsync(key, () => Parts.Answer());
        }

        // HybridCache writes Redis after it answers: wait for the entries.
        await Eventually.HoldsAsync(async () => await AllExistAsync(keys), "every answer written to Redis");
        var ttls = new List<TimeSpan>();
        var answer = Parts.Answer().ToByteArray();
        foreach (var key in keys)
        {
            // Microsoft.Extensions.Caching.StackExchangeRedis keeps a hash; its data is
            // HybridCache's header (version, times, the key) around the answer's protobuf bytes.
            Assert.Equal(RedisType.Hash, await Db.KeyTypeAsync(key.Value));
            var stored = await StoredAsync(key);
            Assert.True(stored.AsSpan().IndexOf(answer) > 0, "the answer's protobuf bytes are stored");
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
    public async Task A_value_of_another_type_is_replaced_by_the_computed_answer()
    {
        // A plain string, as an earlier version of the service stored answers.
        var key = NewKey();
        await Db.StringSetAsync(key.Value, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }, TimeSpan.FromMinutes(1));

        var logs = new LogSink();
        var answer = await Own(new ResultCache(new CacheOptions(), _shared, _breaker, logs.For<ResultCache>())).GetOrCreateAsync(key, () => Parts.Answer());

        Assert.Equal(Parts.Answer(), answer);
        await Eventually.HoldsAsync(async () => await HoldsAnswerAsync(key), "the string replaced by the answer: " + logs.AllText());
        Assert.Equal(CacheHealthStatus.Healthy, _breaker.Status);
    }

    [Fact]
    public async Task A_damaged_entry_is_recomputed_and_overwritten()
    {
        var key = NewKey();
        await Db.HashSetAsync(key.Value, "data", new byte[] { 0xFF, 0xFF, 0xFF, 0xFF });

        var answer = await Cache().GetOrCreateAsync(key, () => Parts.Answer());

        Assert.Equal(Parts.Answer(), answer);
        await Eventually.HoldsAsync(async () => await HoldsAnswerAsync(key), "the damaged entry overwritten");
    }

    [Fact]
    public async Task An_entry_whose_message_bytes_do_not_parse_is_recomputed_and_overwritten()
    {
        var key = NewKey();
        await Cache().GetOrCreateAsync(key, () => Parts.Answer());
        await Eventually.HoldsAsync(async () => await Db.KeyExistsAsync(key.Value), "the answer written to Redis");
        // A valid HybridCache entry whose protobuf ends in a truncated varint (before its 2-byte trailer).
        var stored = await StoredAsync(key);
        stored.AsSpan(stored.Length - 6, 4).Fill(0xFF);
        await Db.HashSetAsync(key.Value, "data", stored);

        var computed = 0;
        var answer = await Cache().GetOrCreateAsync(key, () =>
        {
            computed++;
            return Parts.Answer();
        });

        Assert.Equal(1, computed);
        Assert.Equal(Parts.Answer(), answer);
        await Eventually.HoldsAsync(async () => await HoldsAnswerAsync(key), "the entry overwritten");
    }

    private async Task<byte[]> StoredAsync(ResultCacheKey key) => (byte[])(await Db.HashGetAsync(key.Value, "data"))!;

    // The answer's bytes, then HybridCache's trailer (its sentinel and version).
    private async Task<bool> HoldsAnswerAsync(ResultCacheKey key)
    {
        byte[] expectedEnd = [.. Parts.Answer().ToByteArray(), 0x03, 0x01];
        return await Db.KeyTypeAsync(key.Value) == RedisType.Hash
            && (byte[]?)await Db.HashGetAsync(key.Value, "data") is { } stored
            && stored.AsSpan().EndsWith(expectedEnd);
    }

    private async Task<bool> AllExistAsync(List<ResultCacheKey> keys)
    {
        foreach (var key in keys)
        {
            if (!await Db.KeyExistsAsync(key.Value))
            {
                return false;
            }
        }

        return true;
    }
}
