extern alias RealNameApiServer;

using System.Globalization;
using RealNameApiServer::RealNameApi.Server.Scheduling;

namespace RealNameApi.Server.Tests.Scheduling;

/// <summary>
/// The threads listings are read on: below the normal priority on Linux, never the caller's own
/// thread, no more at once than threads, and work canceled before it starts does not run. The
/// attack suite's store check shows what it does for Diagnose beside looping listers.
/// </summary>
public sealed class LowPrioritySchedulerTests
{
    [Fact]
    public async Task Work_runs_on_a_thread_of_its_own_at_nice_10_and_what_it_awaits_continues_there()
    {
        using var scheduler = new LowPriorityScheduler(1, "test");
        var caller = Environment.CurrentManagedThreadId;
        var callerNice = NiceOfThisThread();

        var (thread, nice, afterAwait) = await scheduler.RunAsync(async () =>
        {
            var before = (Environment.CurrentManagedThreadId, NiceOfThisThread());
            await Task.Delay(10);
            return (before.CurrentManagedThreadId, before.Item2, NiceOfThisThread());
        }, CancellationToken.None);

        Assert.NotEqual(caller, thread);
        Assert.Equal(0, callerNice);
        Assert.Equal(LowPriorityScheduler.Nice, nice);
        Assert.Equal(LowPriorityScheduler.Nice, afterAwait);
        // Without a synchronization context (none here, none in ASP.NET Core), the caller goes on
        // there too: for a listing, writing its answer.
        Assert.Equal(LowPriorityScheduler.Nice, NiceOfThisThread());
    }

    [Fact]
    public async Task No_more_run_at_once_than_it_has_threads()
    {
        using var scheduler = new LowPriorityScheduler(2, "test");
        var running = 0;
        var most = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => scheduler.RunAsync(() =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            // Held on the thread, as a page being read is.
            Thread.Sleep(20);
            Interlocked.Decrement(ref running);
            return Task.FromResult(0);
        }, CancellationToken.None)));

        Assert.Equal(2, most);
    }

    [Fact]
    public async Task Work_canceled_before_it_starts_does_not_run()
    {
        using var scheduler = new LowPriorityScheduler(1, "test");
        using var release = new ManualResetEventSlim();
        var busy = scheduler.RunAsync(() => { release.Wait(); return Task.FromResult(0); }, CancellationToken.None);
        using var canceled = new CancellationTokenSource();
        var ran = false;
        var waiting = scheduler.RunAsync(() => { ran = true; return Task.FromResult(0); }, canceled.Token);

        await canceled.CancelAsync();
        release.Set();
        await busy;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.False(ran);
    }

    // Field 19 of /proc/thread-self/stat, after the command name (which may hold spaces) in parentheses.
    private static int NiceOfThisThread()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], CultureInfo.InvariantCulture);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }
}
