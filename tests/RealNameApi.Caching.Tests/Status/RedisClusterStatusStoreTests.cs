using Microsoft.Extensions.Logging.Abstractions;
using RealNameApi.Caching.Configuration;
using RealNameApi.Caching.Status;
using RealNameApi.Caching.Tests.Infrastructure;
using RealNameApi.Contracts.V1;
using RealNameApi.Testing;

namespace RealNameApi.Caching.Tests.Status;

/// <summary>The Redis store on a real Redis Cluster: every behaviour of one Redis, and tenants spread over the shards.</summary>
[Collection(SharedCluster.Name)]
public sealed class RedisClusterStatusStoreTests(ClusterWithAdmin cluster) : RedisStatusStoreBehaviour(cluster)
{
    [Fact]
    public async Task Tenants_spread_over_the_shards_each_whole_on_one()
    {
        var prefix = Parts.UniquePrefix();
        var store = Own(new RedisStatusStore(
            Own(Parts.Connect(cluster, prefix)), Parts.Breaker(), Hasher, new StatusOptions(), Time, NullLogger<RedisStatusStore>.Instance));
        var primaries = await cluster.Cluster.PrimariesAsync();
        var shardsUsed = new HashSet<int>();
        for (var t = 0; t < 24; t++)
        {
            var tenant = Hasher.Tenant($"tenant-{t}");
            var caseId = Hasher.CaseId(tenant, "ref");
            Assert.True(await store.RecordAsync(tenant, caseId, Parts.Diagnosis(Outcome.WaitThenRetry, earliest: Start.AddDays(1))));
            Assert.Equal(caseId, (await store.ListAsync(tenant, null, VerificationState.Waiting, 10, null)).Statuses.Single().CaseId);

            // All four keys on the shard of the tenant's slot, read there with no cluster-aware client between.
            var statusPrefix = prefix + tenant.HashTag + ":status:";
            var slot = await cluster.Cluster.SlotOfAsync(statusPrefix + "cases");
            var primary = primaries.Single(p => p.Slots.Any(r => r.First <= slot && slot <= r.Last)).Node;
            using var client = await RespClient.ConnectAsync(primary.Port);
            foreach (var key in new[] { "cases", "idx", "opens", "expiry" })
            {
                Assert.Equal(slot, await cluster.Cluster.SlotOfAsync(statusPrefix + key));
                Assert.Equal(1L, await client.CommandAsync("EXISTS", statusPrefix + key));
            }

            shardsUsed.Add(primary.Port);
        }

        Assert.Equal(primaries.Count, shardsUsed.Count);
    }
}
