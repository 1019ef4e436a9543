using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using RealNameApi.Caching.Configuration;
using RealNameApi.Caching.Health;
using RealNameApi.Caching.Keys;
using RealNameApi.Caching.Redis;
using RealNameApi.Caching.Results;
using RealNameApi.Caching.Status;
using RealNameApi.Caching.Tests.Infrastructure;
using RealNameApi.Contracts.V1;
using RealNameApi.Testing;
using Xunit.Abstractions;

namespace RealNameApi.Caching.Tests.Status;

/// <summary>
/// A primary of the cluster killed (SIGKILL) while two store instances record, read and cache for
/// tenants on every shard: its replica takes over, every call answers as the design says (the
/// cache computes, a record fails open, a read of the dead shard is UNAVAILABLE), watches keep
/// hearing records, and no acknowledged case is lost where a record waited for its replica
/// (<c>Redis:RecordReplicas</c> 1). What a record that did not wait can lose is counted and printed.
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class ClusterFailoverTests(ClusterWithAdmin cluster, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan LoadLimit = TimeSpan.FromSeconds(30);
    private readonly List<IDisposable> _owned = [];
    private readonly LogSink _logs = new();

    public void Dispose()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }
    }

    [Fact]
    public async Task A_primary_killed_under_load_is_replaced_and_no_case_acknowledged_after_WAIT_is_lost()
    {
        var prefix = Parts.UniquePrefix();
        var hasher = Parts.Hasher(prefix: prefix);
        // As in production: one breaker per instance, the default threshold and break.
        var defaults = new RedisOptions();
        var waiting = Instance(prefix, hasher, recordReplicas: 1, defaults);
        var plain = Instance(prefix, hasher, recordReplicas: 0, defaults);

        // The victim serves the slot of the change channel's pattern, so the instances' pub/sub
        // subscription is on it too, and its tenants' records are what a failover can lose.
        var channelSlot = await cluster.Cluster.SlotOfAsync(prefix + "{t:*}:status:changes");
        var victim = await cluster.Cluster.PrimaryOfSlotAsync(channelSlot);
        var victimSlots = (await cluster.Cluster.PrimariesAsync()).Single(p => p.Node == victim).Slots;
        var tenants = new List<(TenantNamespace Tenant, bool OnVictim)>();
        for (var t = 0; tenants.Count(x => x.OnVictim) < 4 || tenants.Count(x => !x.OnVictim) < 8; t++)
        {
            var tenant = hasher.Tenant($"tenant-{t}");
            var slot = await cluster.Cluster.SlotOfAsync(prefix + tenant.HashTag + ":status:cases");
            tenants.Add((tenant, victimSlots.Any(r => r.First <= slot && slot <= r.Last)));
        }

        // A watch on a healthy shard's tenant, to hear a record made after the failover.
        var watched = tenants.First(t => !t.OnVictim).Tenant;
        var watchedCase = hasher.CaseId(watched, "watched");
        using var watchTimeout = new CancellationTokenSource(LoadLimit * 2);
        var watch = plain.Store.WatchAsync(watched, watchedCase, watchTimeout.Token).GetAsyncEnumerator(watchTimeout.Token);
        Assert.True(await watch.MoveNextAsync());

        // Both instances record on every shard before the load starts: on a loaded machine the
        // first calls of a new connection can time out and open its breaker, and a load started
        // then would measure that rather than the failover.
        foreach (var instance in new[] { waiting, plain })
        {
            foreach (var (tenant, _) in tenants)
            {
                await Eventually.HoldsAsync(() => instance.Store.RecordAsync(tenant, hasher.CaseId(tenant, "warm-up"), Parts.Diagnosis(Outcome.FixAndRetry)), "a record on every shard before the load", TimeSpan.FromSeconds(20));
            }
        }

        var next = Task.FromResult(true);
        try
        {
            var acknowledged = new ConcurrentBag<(TenantNamespace Tenant, string CaseId, bool Waited, bool OnVictim)>();
            var calls = new ConcurrentBag<Call>();
            var clock = Stopwatch.StartNew();
            // TimeSpan ticks of the clock: when the victim was killed, when a record of its tenants started after that succeeded.
            long killedAtTicks = long.MaxValue;
            long victimBackAtTicks = long.MaxValue;
            using var stop = new CancellationTokenSource();
            // Four workers go round every tenant; two only round the other shards' tenants, so
            // what those shards answer during the outage is seen even while the four wait on the killed one.
            var healthy = tenants.Where(t => !t.OnVictim).ToList();
            var workers = Enumerable.Range(0, 6).Select(worker => Task.Run(async () =>
            {
                var instance = worker % 2 == 0 ? waiting : plain;
                var pool = worker < 4 ? tenants : healthy;
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var (tenant, onVictim) = pool[(worker + (n * 7)) % pool.Count];
                    var caseId = hasher.CaseId(tenant, $"w{worker}-{n}");
                    var started = clock.Elapsed;
                    var recorded = await instance.Store.RecordAsync(tenant, caseId, Parts.Diagnosis(Outcome.FixAndRetry));
                    var recordTime = clock.Elapsed - started;
                    string? read = null;
                    if (recorded)
                    {
                        acknowledged.Add((tenant, caseId, instance == waiting, onVictim));
                        if (onVictim && started.Ticks > Volatile.Read(ref killedAtTicks))
                        {
                            Interlocked.CompareExchange(ref victimBackAtTicks, started.Ticks, long.MaxValue);
                        }

                        try
                        {
                            read = await instance.Store.GetAsync(tenant, caseId) is not null ? "found" : "missing";
                        }
                        catch (StatusStoreUnavailableException)
                        {
                            read = "unavailable";
                        }
                    }

                    // The cache answers every call, from Redis or computed.
                    var answer = await instance.Cache.GetOrCreateAsync(hasher.ResultKey(tenant, "diagnose", Parts.PersonalRequest($"w{worker}-{n}"), "c1", "zh-CN", new DateOnly(2026, 9, 30)), () => Parts.Answer());
                    Assert.Equal(Parts.Answer(), answer);
                    calls.Add(new Call(started, instance == waiting, onVictim, recorded, read, recordTime));
                    if (!recorded)
                    {
                        // As a caller would, not spinning: a bypassed record fails at once, and a
                        // busy loop of them would take the CPU the connections need to read Redis.
                        await Task.Delay(5, CancellationToken.None);
                    }
                }
            })).ToList();

            // The kill comes once the load has recorded for a while, however slow the machine.
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            await Eventually.HoldsAsync(() => calls.Count(c => c.Recorded && c.Started > TimeSpan.FromSeconds(0.5)) > 100, "the load recording before the kill", LoadLimit);
            victim.Stop();
            var killedAt = clock.Elapsed;
            Volatile.Write(ref killedAtTicks, killedAt.Ticks);
            while (Volatile.Read(ref victimBackAtTicks) == long.MaxValue && clock.Elapsed - killedAt < LoadLimit)
            {
                await Task.Delay(50);
            }

            var victimBackAt = TimeSpan.FromTicks(Volatile.Read(ref victimBackAtTicks));
            Assert.True(victimBackAt - killedAt < LoadLimit, $"records of the killed primary's tenants succeed again within {LoadLimit}");
            await Task.Delay(TimeSpan.FromSeconds(1));
            stop.Cancel();
            await Task.WhenAll(workers);

            // The watch hears a record made through the other instance after the failover (once
            // that instance's breaker, opened by the outage, lets records through again).
            next = watch.MoveNextAsync().AsTask();
            await Eventually.HoldsAsync(() => waiting.Store.RecordAsync(watched, watchedCase, Parts.Diagnosis(Outcome.Appeal)), "a record through the other instance", TimeSpan.FromSeconds(15));
            Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(15)));
            Assert.Equal(VerificationState.ActionRequired, watch.Current.State);

            // The killed node comes back as a replica of its successor; then every acknowledged case is read.
            var successor = await cluster.Cluster.WaitForFailoverAsync(channelSlot, victim);
            victim.Start();
            await cluster.Cluster.WaitUntilHealthyAsync();
            var reader = Instance(prefix, hasher, recordReplicas: 0, defaults);
            var lost = new List<(bool Waited, bool OnVictim)>();
            foreach (var (tenant, caseId, waited, onVictim) in acknowledged)
            {
                if (await reader.Store.GetAsync(tenant, caseId) is null)
                {
                    lost.Add((waited, onVictim));
                }
            }

            var all = calls.ToList();
            var outage = all.Where(c => c.Started >= killedAt && c.Started < victimBackAt).ToList();
            var before = all.Where(c => c.Started < killedAt && c.Started > TimeSpan.FromSeconds(0.5)).ToList();
            output.WriteLine($"killed primary 127.0.0.1:{victim.Port}, replaced by 127.0.0.1:{successor.Port}; cluster-node-timeout {cluster.Cluster.NodeTimeout.TotalMilliseconds} ms");
            output.WriteLine($"records of the victim's tenants failed for {(victimBackAt - killedAt).TotalSeconds:0.00} s after the kill");
            output.WriteLine($"during that outage: victim's tenants {outage.Count(c => c.OnVictim && c.Recorded)}/{outage.Count(c => c.OnVictim)} recorded (slowest record {outage.Where(c => c.OnVictim).Select(c => c.RecordTime.TotalMilliseconds).DefaultIfEmpty().Max():0} ms), other tenants {outage.Count(c => !c.OnVictim && c.Recorded)}/{outage.Count(c => !c.OnVictim)} recorded");
            output.WriteLine($"acknowledged: {acknowledged.Count(a => a.Waited)} after WAIT 1, {acknowledged.Count(a => !a.Waited)} without; lost: {lost.Count(l => l.Waited)} after WAIT, {lost.Count(l => !l.Waited)} without ({lost.Count(l => !l.Waited && l.OnVictim)} on the killed shard)");
            output.WriteLine($"record latency before the kill, p50/p99 ms: with WAIT 1 {Percentile(before.Where(c => c.Waited && c.Recorded), 0.5):0.00}/{Percentile(before.Where(c => c.Waited && c.Recorded), 0.99):0.00}, without {Percentile(before.Where(c => !c.Waited && c.Recorded), 0.5):0.00}/{Percentile(before.Where(c => !c.Waited && c.Recorded), 0.99):0.00} ({before.Count} calls)");

            output.WriteLine("the stores logged: " + string.Join("; ", _logs.Entries.GroupBy(e => e.Message).Select(g => $"{g.Count()} x {g.Key}")));

            Assert.True(before.Count(c => c.Recorded) > 50, "the load ran before the kill");
            Assert.Contains(outage, c => c.OnVictim && !c.Recorded);
            Assert.DoesNotContain(lost, l => l.Waited);
            Assert.DoesNotContain(lost, l => !l.OnVictim);
            // Reads right after a record: found, or UNAVAILABLE while its shard is down; never "no such case".
            Assert.DoesNotContain(all, c => c.Read == "missing");
            // The other shards answered through the outage (an instance's breaker is not opened by a
            // shard it cannot reach; an open breaker would fail them all). On a loaded machine one of
            // the few records made in those seconds may still time out, so most, not all, must succeed.
            Assert.True(outage.Count(c => !c.OnVictim && c.Recorded) > outage.Count(c => !c.OnVictim) * 0.5, "records of the other shards' tenants succeed during the outage");
        }
        finally
        {
            // A watch still waiting must end before it is disposed.
            await watchTimeout.CancelAsync();
            try
            {
                await next;
            }
            catch (OperationCanceledException)
            {
            }

            await watch.DisposeAsync();

            // Whatever failed, the cluster is left whole for the next test.
            if (victim.ProcessId is null)
            {
                await cluster.Cluster.WaitForFailoverAsync(channelSlot, victim);
                victim.Start();
                await cluster.Cluster.WaitUntilHealthyAsync();
            }
        }
    }

    private static double Percentile(IEnumerable<Call> calls, double quantile)
    {
        var sorted = calls.Select(c => c.RecordTime.TotalMilliseconds).Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(quantile * sorted.Count))];
    }

    private (RedisStatusStore Store, ResultCache Cache) Instance(string prefix, KeyedHasher hasher, int recordReplicas, RedisOptions defaults)
    {
        var connection = Own(Parts.Connect(cluster, prefix, timeout: TimeSpan.FromSeconds(1), recordReplicas: recordReplicas));
        var breaker = Parts.Breaker(defaults.FailureThreshold, defaults.BreakDuration, connection: connection);
        var store = Own(new RedisStatusStore(connection, breaker, hasher, new StatusOptions(), TimeProvider.System, _logs.For<RedisStatusStore>()));
        var cache = Own(new ResultCache(new CacheOptions(), new RedisDistributedCache(connection, TimeProvider.System), breaker, NullLogger<ResultCache>.Instance));
        return (store, cache);
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    private sealed record Call(TimeSpan Started, bool Waited, bool OnVictim, bool Recorded, string? Read, TimeSpan RecordTime);
}
