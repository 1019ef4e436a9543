using Microsoft.Extensions.Logging.Abstractions;
using RealNameApi.Caching.Configuration;
using RealNameApi.Caching.Status;
using RealNameApi.Caching.Tests.Infrastructure;
using RealNameApi.Contracts.V1;

namespace RealNameApi.Caching.Tests.Status;

/// <summary>
/// The Redis store through Redis Sentinel (<c>serviceName=</c> and the Sentinels' addresses):
/// every behaviour of one Redis, and a failover: the primary killed, the Sentinels promote the
/// replica, and the store records and reads on the new primary, cases recorded before it kept.
/// </summary>
public sealed class RedisSentinelStatusStoreTests(SentinelWithAdmin sentinel) : RedisStatusStoreBehaviour(sentinel), IClassFixture<SentinelWithAdmin>
{
    [Fact]
    public async Task The_store_keeps_working_after_the_Sentinels_fail_over()
    {
        var prefix = Parts.UniquePrefix();
        var connection = Own(Parts.Connect(sentinel, prefix, recordReplicas: 1));
        var store = Own(new RedisStatusStore(connection, Parts.Breaker(connection: connection), Hasher, new StatusOptions(), Time, NullLogger<RedisStatusStore>.Instance));
        var tenant = Hasher.Tenant("acme");
        var before = Hasher.CaseId(tenant, "before");
        // Acknowledged only once the replica has it (WAIT 1), so the failover cannot lose it.
        Assert.True(await store.RecordAsync(tenant, before, Parts.Diagnosis(Outcome.Final)));

        var primary = await sentinel.Sentinel.PrimaryAsync();
        primary.Stop();
        await sentinel.Sentinel.WaitForFailoverAsync(primary.Port);

        // No replica is left to WAIT for: a store that does not wait records on the new primary.
        var after = Hasher.CaseId(tenant, "after");
        var unwaited = Own(Parts.Connect(sentinel, prefix));
        var next = Own(new RedisStatusStore(unwaited, Parts.Breaker(connection: unwaited), Hasher, new StatusOptions(), Time, NullLogger<RedisStatusStore>.Instance));
        await Eventually.HoldsAsync(() => next.RecordAsync(tenant, after, Parts.Diagnosis(Outcome.Appeal)), "a record on the new primary", TimeSpan.FromSeconds(30));
        // The connection made before the failover follows the Sentinels to the new primary too.
        await Eventually.HoldsAsync(async () =>
        {
            try
            {
                return (await store.GetAsync(tenant, after))?.Outcome == Outcome.Appeal;
            }
            catch (StatusStoreUnavailableException)
            {
                return false;
            }
        }, "the first connection reading on the new primary", TimeSpan.FromSeconds(30));
        Assert.Equal(Outcome.Final, (await next.GetAsync(tenant, before))?.Outcome);
        Assert.Equal((await sentinel.Sentinel.PrimaryAsync()).Port, sentinel.Sentinel.DataNodes.Single(n => n != primary).Port);
    }
}
