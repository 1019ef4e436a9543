using RealNameApi.Caching.Tests.Infrastructure;
using RealNameApi.Testing;

namespace RealNameApi.Caching.Tests.Results;

/// <summary>Both tiers, the shared one on a real Redis Cluster.</summary>
[Collection(SharedCluster.Name)]
public sealed class ResultCacheOnClusterTests(ClusterWithAdmin cluster) : ResultCacheOnRedisBehaviour(cluster)
{
    [Fact]
    public async Task Answers_spread_over_every_shard_by_their_own_key()
    {
        var cache = Cache();
        var keys = Enumerable.Range(0, 60).Select(_ => NewKey()).ToList();
        foreach (var key in keys)
        {
            await cache.GetOrCreateAsync(key, () => Parts.Answer());
        }

        await Eventually.HoldsAsync(async () => await Db.KeyExistsAsync(keys[^1].Value), "the last answer written to Redis");
        var primaries = await cluster.Cluster.PrimariesAsync();
        var holders = new HashSet<int>();
        foreach (var key in keys)
        {
            // Read on the shard itself, with no cluster-aware client in between: a key elsewhere would answer MOVED.
            var slot = await cluster.Cluster.SlotOfAsync(key.Value);
            var primary = primaries.Single(p => p.Slots.Any(r => r.First <= slot && slot <= r.Last)).Node;
            using var client = await RespClient.ConnectAsync(primary.Port);
            Assert.Equal(1L, await client.CommandAsync("EXISTS", key.Value));
            holders.Add(primary.Port);
        }

        Assert.Equal(primaries.Count, holders.Count);
    }
}
