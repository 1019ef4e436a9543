using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RealNameApi.Caching.Configuration;
using RealNameApi.Caching.Health;
using RealNameApi.Caching.Keys;
using RealNameApi.Caching.Status;
using RealNameApi.Caching.Tests.Infrastructure;
using RealNameApi.Contracts.V1;
using RealNameApi.Testing;
using StackExchange.Redis;

namespace RealNameApi.Caching.Tests.Status;

/// <summary>
/// A primary of the cluster frozen (SIGSTOP: its connections stay open, nothing is answered),
/// as a shard hangs under a stalled disk or a long fork: its commands time out, and its circuit
/// breaker alone opens. The other shards' tenants keep recording and reading throughout, the
/// hung shard's fail at once instead of waiting out the timeout, and once it answers the health
/// probe's ping to it closes its breaker. The cluster is the test's own, with a node timeout far
/// beyond the freeze, so no replica takes over meanwhile (ClusterFailoverTests covers that).
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class ClusterHungShardTests
{
    // 2 s, not 1 s: on a busy 2-core machine a healthy shard's read once took 1,004 ms (a CI-like
    // fresh-clone run), and this test asserts that every such read succeeds.
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_hung_shard_is_bypassed_alone_and_used_again_once_it_answers()
    {
        using var cluster = await RedisCluster.StartAsync(nodeTimeout: TimeSpan.FromSeconds(60));
        var prefix = Parts.UniquePrefix();
        var hasher = Parts.Hasher(prefix: prefix);
        using var connection = Parts.Connect(cluster, prefix, timeout: CommandTimeout);
        var defaults = new RedisOptions();
        var breakers = Parts.Breaker(defaults.FailureThreshold, TimeSpan.FromSeconds(1), connection: connection);
        using var store = new RedisStatusStore(connection, breakers, hasher, new StatusOptions(), TimeProvider.System, NullLogger<RedisStatusStore>.Instance);

        var primaries = await cluster.PrimariesAsync();
        var victim = primaries[0].Node;
        var (hung, healthy) = (new List<TenantNamespace>(), new List<TenantNamespace>());
        for (var t = 0; hung.Count < 2 || healthy.Count < 4; t++)
        {
            var tenant = hasher.Tenant($"tenant-{t}");
            var slot = await cluster.SlotOfAsync(prefix + tenant.HashTag + ":status:cases");
            (primaries[0].Slots.Any(r => r.First <= slot && slot <= r.Last) ? hung : healthy).Add(tenant);
        }

        foreach (var tenant in hung.Concat(healthy))
        {
            await Eventually.HoldsAsync(() => store.RecordAsync(tenant, hasher.CaseId(tenant, "warm-up"), Parts.Diagnosis(Outcome.FixAndRetry)), "a record on every shard", TimeSpan.FromSeconds(20));
        }

        victim.Pause();
        try
        {
            // More records to the hung shard at once than the failure threshold: they time out
            // together, with no success in between, as a burst of callers would.
            var burst = await Task.WhenAll(Enumerable.Range(0, defaults.FailureThreshold + 3)
                .Select(i => store.RecordAsync(hung[i % hung.Count], hasher.CaseId(hung[i % hung.Count], $"burst-{i}"), Parts.Diagnosis(Outcome.FixAndRetry))));
            Assert.All(burst, Assert.False);

            // The hung shard is bypassed: a record fails at once, well inside the command timeout.
            var clock = Stopwatch.StartNew();
            Assert.False(await store.RecordAsync(hung[0], hasher.CaseId(hung[0], "bypassed"), Parts.Diagnosis(Outcome.FixAndRetry)));
            Assert.True(clock.Elapsed < CommandTimeout / 2, $"a record to the hung shard took {clock.Elapsed.TotalMilliseconds:0} ms");
            await Assert.ThrowsAsync<StatusStoreUnavailableException>(() => store.GetAsync(hung[0], hasher.CaseId(hung[0], "warm-up")));

            // The other shards are not: every record and read of their tenants succeeds.
            foreach (var tenant in healthy)
            {
                var caseId = hasher.CaseId(tenant, "during");
                Assert.True(await store.RecordAsync(tenant, caseId, Parts.Diagnosis(Outcome.FixAndRetry)));
                Assert.NotNull(await store.GetAsync(tenant, caseId));
            }

            Assert.Equal(1, breakers.OpenCount);
            Assert.Equal(CacheHealthStatus.Unavailable, breakers.For(HungKey()).Status);
            Assert.Equal(CacheHealthStatus.Healthy, breakers.Status);
        }
        finally
        {
            victim.Resume();
        }

        // Once it answers, the probe's ping to that primary closes its breaker, no call needed.
        var hungBreaker = breakers.For(HungKey());
        using var probe = new RedisHealthProbe(connection, breakers, Options.Create(new RedisOptions { BreakDuration = TimeSpan.FromMilliseconds(200) }), TimeProvider.System, NullLogger<RedisHealthProbe>.Instance);
        await probe.StartAsync(CancellationToken.None);
        await Eventually.HoldsAsync(() => breakers.OpenCount == 0, "the shard's breaker closed by the probe", TimeSpan.FromSeconds(20));
        await probe.StopAsync(CancellationToken.None);
        Assert.Same(hungBreaker, breakers.For(HungKey()));
        Assert.True(await store.RecordAsync(hung[0], hasher.CaseId(hung[0], "after"), Parts.Diagnosis(Outcome.FixAndRetry)));

        RedisKey HungKey() => prefix + hung[0].HashTag + ":status:cases";
    }
}
