using Microsoft.Extensions.Logging.Abstractions;
using RealNameApi.Caching.Configuration;
using RealNameApi.Caching.Status;
using RealNameApi.Caching.Tests.Infrastructure;
using RealNameApi.Contracts.V1;
using StackExchange.Redis;

namespace RealNameApi.Caching.Tests.Status;

/// <summary>The Redis store on a real redis-server; each store is a separate connection, like a separate server instance.</summary>
[Collection(SharedRedis.Name)]
public sealed class RedisStatusStoreTests(RedisWithAdmin redis) : RedisStatusStoreBehaviour(redis);

/// <summary>The Redis store on a real Redis deployment (one server or a cluster); each store is a separate connection, like a separate server instance.</summary>
public abstract class RedisStatusStoreBehaviour(IRedisWithAdmin redis) : StatusStoreBehaviour
{
    private readonly string _prefix = Parts.UniquePrefix();

    private IDatabase Db => redis.Admin.GetDatabase();

    protected override IVerificationStatusStore NewStore(StatusOptions? options = null) =>
        Own(new RedisStatusStore(Own(Parts.Connect(redis, _prefix)), Parts.Breaker(), Hasher, options ?? new StatusOptions(), Time, NullLogger<RedisStatusStore>.Instance));

    [Fact]
    public async Task A_watch_sees_a_record_made_through_another_instance()
    {
        var watching = NewStore();
        var recording = NewStore();
        var caseId = Hasher.CaseId("shared");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var watch = watching.WatchAsync(caseId, timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(VerificationState.Unknown, watch.Current.State);

        var next = watch.MoveNextAsync().AsTask();
        await recording.RecordAsync(caseId, Parts.Diagnosis(Outcome.Appeal));

        Assert.True(await next);
        Assert.Equal(VerificationState.ActionRequired, watch.Current.State);
        Assert.Equal("dayu.rule", watch.Current.RuleId);
    }

    [Fact]
    public async Task A_tenants_cases_live_until_its_longest_lived_case_expires()
    {
        var store = NewStore(new StatusOptions { RetentionAfterWindow = TimeSpan.FromDays(30), MinimumRetention = TimeSpan.FromDays(7) });
        var caseId = Hasher.CaseId("ttl");
        var latest = Start.AddDays(10);

        await store.RecordAsync(Hasher.CaseId("short"), Parts.Diagnosis(Outcome.FixAndRetry));
        await store.RecordAsync(caseId, Parts.Diagnosis(Outcome.WaitThenRetry, earliest: Start.AddDays(5), latest: latest));
        await store.RecordAsync(Hasher.CaseId("shorter"), Parts.Diagnosis(Outcome.FixAndRetry));

        // 30 days past the longest window's end, which is 10 days from now.
        foreach (var key in new[] { "cases", "idx", "opens", "expiry" })
        {
            var ttl = await Db.KeyTimeToLiveAsync(TestTenant.StatusPrefix(_prefix) + key);
            Assert.InRange(ttl ?? TimeSpan.Zero, TimeSpan.FromDays(40) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(40));
        }
    }

    [Fact]
    public async Task Expired_cases_are_pruned_from_every_index()
    {
        var store = NewStore(new StatusOptions { RetentionAfterWindow = TimeSpan.Zero, MinimumRetention = TimeSpan.FromHours(1) });
        var caseId = Hasher.CaseId("pruned");
        await store.RecordAsync(caseId, Parts.Diagnosis(Outcome.WaitThenRetry, earliest: Start.AddMinutes(30)));
        Assert.NotEmpty(await IndexEntriesAsync());

        Time.Advance(TimeSpan.FromHours(2));
        await store.ListAsync(null, VerificationState.Unspecified, 10, null);

        Assert.Empty(await IndexEntriesAsync());
        Assert.False(await Db.HashExistsAsync(TestTenant.StatusPrefix(_prefix) + "cases", caseId));
    }

    [Fact]
    public async Task Cases_are_counted_by_state_across_tenants()
    {
        var store = (RedisStatusStore)NewStore();
        var a = Hasher.Tenant("count-a");
        var b = Hasher.Tenant("count-b");
        await store.RecordAsync(a, Hasher.CaseId(a, "1"), Parts.Diagnosis(Outcome.FixAndRetry));
        await store.RecordAsync(a, Hasher.CaseId(a, "2"), Parts.Diagnosis(Outcome.Final));
        await store.RecordAsync(b, Hasher.CaseId(b, "1"), Parts.Diagnosis(Outcome.FixAndRetry, platform: "aliyun-domain"));
        await store.RecordAsync(b, Hasher.CaseId(b, "2"), Parts.Diagnosis(Outcome.WaitThenRetry, earliest: Start.AddDays(1)));

        var counts = await store.CountByStateAsync([a, b]);

        Assert.NotNull(counts);
        Assert.Equal(2, counts[VerificationState.ActionRequired]);
        Assert.Equal(1, counts[VerificationState.Waiting]);
        Assert.Equal(0, counts[VerificationState.ReadyToRetry]);
        Assert.Equal(1, counts[VerificationState.Final]);
    }

    [Fact]
    public async Task Listing_uses_neither_KEYS_nor_SCAN()
    {
        var store = NewStore();
        for (var i = 0; i < 5; i++)
        {
            await store.RecordAsync(Hasher.CaseId($"case-{i}"), Parts.Diagnosis(Outcome.FixAndRetry));
        }

        var before = await KeyspaceWalksAsync();
        await ListAllAsync(store, "dayu", VerificationState.ActionRequired, 2);
        await ListAllAsync(store, null, VerificationState.Unspecified, 2);

        Assert.Equal(before, await KeyspaceWalksAsync());
    }

    private async Task<List<RedisValue>> IndexEntriesAsync()
    {
        var entries = new List<RedisValue>();
        foreach (var key in new[] { "idx", "opens", "expiry" })
        {
            entries.AddRange(await Db.SortedSetRangeByRankAsync(TestTenant.StatusPrefix(_prefix) + key));
        }

        return entries;
    }

    // How often KEYS and SCAN ran on every node that is up (INFO commandstats).
    private async Task<string> KeyspaceWalksAsync()
    {
        var walks = new List<string>();
        foreach (var server in redis.Admin.GetServers().Where(s => s.IsConnected).OrderBy(s => s.EndPoint.ToString(), StringComparer.Ordinal))
        {
            var info = await server.InfoRawAsync("commandstats");
            walks.AddRange(info!.Split('\n').Where(l => l.StartsWith("cmdstat_keys:", StringComparison.Ordinal) || l.StartsWith("cmdstat_scan:", StringComparison.Ordinal)).Select(l => $"{server.EndPoint} {l.Split(',')[0]}"));
        }

        return string.Join(';', walks);
    }
}
