using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using RealNameApi.Caching.Configuration;
using RealNameApi.Caching.Redis;
using RealNameApi.Caching.Results;
using RealNameApi.Caching.Status;
using RealNameApi.Caching.Tests.Infrastructure;
using RealNameApi.Contracts.V1;
using StackExchange.Redis;

namespace RealNameApi.Caching.Tests;

/// <summary>
/// Feeds requests full of personal data through the cache and the status store, then reads
/// everything they put in Redis (every key, every value, every published message) and looks for it.
/// </summary>
[Collection(SharedRedis.Name)]
public sealed class PersonalDataTests(RedisWithAdmin redis) : IDisposable
{
    private readonly string _prefix = Parts.UniquePrefix();
    private readonly List<IDisposable> _owned = [];

    public void Dispose()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }
    }

    [Fact]
    public async Task No_ID_number_name_free_text_or_case_reference_reaches_any_Redis_key_value_or_message()
    {
        var published = new List<byte[]>();
        var subscriber = redis.Admin.GetSubscriber();
        await subscriber.SubscribeAsync(new RedisChannel(_prefix + "*", RedisChannel.PatternMode.Pattern), (channel, message) =>
        {
            lock (published)
            {
                published.Add(Encoding.UTF8.GetBytes((string)channel!));
                published.Add((byte[])message!);
            }
        });
        var hasher = Parts.Hasher(prefix: _prefix);
        var connection = Own(Parts.Connect(redis, _prefix));
        var cache = Own(new ResultCache(new CacheOptions(), new RedisDistributedCache(connection, TimeProvider.System), Parts.Breaker(), NullLogger<ResultCache>.Instance));
        var store = Own(new RedisStatusStore(connection, Parts.Breaker(), hasher, new StatusOptions(), TimeProvider.System, NullLogger<RedisStatusStore>.Instance));
        var today = new DateOnly(2026, 9, 30);
        var request = Parts.PersonalRequest();
        var diagnoseKey = hasher.ResultKey("diagnose", request, "c1", "zh-CN", today);
        var validateKey = hasher.ResultKey("validate", request.Document, "c1", "zh-CN", today);

        var answer = await cache.GetOrCreateAsync(diagnoseKey, () => Parts.Answer());
        await cache.GetOrCreateAsync(validateKey, () => new ValidateDocumentResponse { Valid = true });
        Assert.True(await store.RecordAsync(hasher.CaseId(PersonalData.CaseRef), answer.Diagnosis));
        Assert.True(await store.RecordAsync(hasher.CaseId(PersonalData.CaseRef + "-2"), Parts.Diagnosis(Outcome.WaitThenRetry, earliest: DateTimeOffset.UtcNow.AddDays(2))));
        await Eventually.HoldsAsync(async () => await redis.Admin.GetDatabase().KeyExistsAsync(validateKey.Value), "both answers written");
        await Eventually.HoldsAsync(() => { lock (published) { return published.Count >= 4; } }, "both records published");

        var (keys, values) = await EverythingUnderPrefixAsync();

        Assert.Contains(diagnoseKey.Value, keys);
        Assert.Contains(TestTenant.StatusPrefix(_prefix) + "cases", keys);
        Assert.Contains(TestTenant.StatusPrefix(_prefix) + "idx", keys);
        Assert.True(values.Count > keys.Count, "values were read");
        var everything = keys.Select(Encoding.UTF8.GetBytes).Concat(values).Concat(published).ToList();
        foreach (var personal in PersonalData.All)
        {
            var needle = Encoding.UTF8.GetBytes(personal);
            Assert.DoesNotContain(everything, bytes => bytes.AsSpan().IndexOf(needle) >= 0);
        }
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    // Walks the keyspace with SCAN (a test may; the store never does) and reads every value by type.
    private async Task<(List<string> Keys, List<byte[]> Values)> EverythingUnderPrefixAsync()
    {
        var db = redis.Admin.GetDatabase();
        var keys = new List<string>();
        var values = new List<byte[]>();
        foreach (var key in redis.AdminServer.Keys(pattern: _prefix + "*", pageSize: 100))
        {
            keys.Add(key!);
            switch (await db.KeyTypeAsync(key))
            {
                case RedisType.String:
                    values.Add((byte[])(await db.StringGetAsync(key))!);
                    break;
                case RedisType.Hash:
                    foreach (var entry in await db.HashGetAllAsync(key))
                    {
                        values.Add((byte[])entry.Name!);
                        values.Add((byte[])entry.Value!);
                    }

                    break;
                case RedisType.SortedSet:
                    values.AddRange((await db.SortedSetRangeByRankAsync(key)).Select(m => (byte[])m!));
                    break;
                default:
                    Assert.Fail($"unexpected key type at {key}");
                    break;
            }
        }

        return (keys, values);
    }
}
