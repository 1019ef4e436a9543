using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace RealNameApi.Server.Memory;

/// <summary>
/// Gives the memory of a past burst back to the operating system once the server has gone quiet.
/// The GC collects when allocation fills its budget, so a server that stops allocating (its
/// clients left, or stalled readers were cut off) runs no collection at all, and the heap it grew
/// stays committed: after the attack suite's zero-window attack, 50-65 MB of GC heap committed for
/// as long as one looked, of which one such collection gave 20-30 MB back, and the 26 MB more
/// once Kestrel's pools dropped their idle blocks first (<see cref="TrimmableBlockPool"/>). A full, compacting,
/// aggressive collection (the mode made to give memory back) on a quiet server paused it 6-76 ms
/// in those runs (once 392 ms, on a machine loaded by other work), with no call waiting; a busy
/// server is left to the GC. <see cref="IdleReleaseSchedule"/> says when; the
/// <c>Memory</c> section turns it off or tunes it.
/// </summary>
internal sealed class IdleMemoryRelease(IOptions<MemoryOptions> options, TrimmableBlockPoolFactory pools, ILogger<IdleMemoryRelease> logger) : BackgroundService
{
    private static readonly TimeSpan Look = TimeSpan.FromSeconds(1);

    // Smaller releases are logged at Debug: after a burst the server hands memory back in steps
    // (connections close over seconds, each handing its buffers back), one line each would be noise.
    private const long LoggedReleaseBytes = 8 * 1024 * 1024;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.ReleaseWhenIdle)
        {
            return;
        }

        var schedule = new IdleReleaseSchedule(options.Value);
        var clock = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(Look);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (schedule.IsDue(clock.Elapsed, GC.GetTotalAllocatedBytes()))
                {
                    Release(schedule, clock);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Release(IdleReleaseSchedule schedule, Stopwatch clock)
    {
        var before = GC.GetGCMemoryInfo().TotalCommittedBytes;
        var started = clock.Elapsed;
        var dropped = pools.TrimAll();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var ended = clock.Elapsed;
        var after = GC.GetGCMemoryInfo().TotalCommittedBytes;
        var released = Math.Max(before - after, 0);
        schedule.Collected(ended, GC.GetTotalAllocatedBytes(), released, ended - started);
        if (released >= LoggedReleaseBytes)
        {
            Log.IdleMemoryReleased(logger, released >> 20, before >> 20, after >> 20, dropped >> 20, (ended - started).TotalMilliseconds);
        }
        else
        {
            Log.IdleCollectionFoundLittle(logger, released >> 20, after >> 20, (schedule.Next - ended).TotalSeconds);
        }
    }
}
