using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace RealNameApi.Server.Scheduling;

/// <summary>
/// Runs work on threads of its own that Linux schedules below every other thread of the process
/// (nice 10), so that long CPU work for one caller gives way to the short calls of everyone else.
/// The server reads <c>ListVerificationStatuses</c> pages here, with as many threads as
/// <c>Limits:MaxConcurrentListings</c> lets listings run at once.
/// </summary>
/// <remarks>
/// The cap alone left listing one core on a 2-core machine, and the operating system shared that
/// core fairly between a page being read and the Diagnose calls waiting beside it: 8 callers
/// looping listings took a Diagnose p99 to 2.6-3.2x its quiet value (tests/attack, store). At
/// nice 10 a thread has a tenth of a normal one's weight, so Diagnose runs first, and the same
/// callers left it at 1.2-2.2x; listings still use whatever CPU is left. The thread pool's
/// threads cannot be lowered this way (on Linux a thread cannot raise its priority back without
/// privilege), hence threads of its own. Elsewhere than Linux the threads run at the normal priority.
/// </remarks>
public sealed partial class LowPriorityScheduler : TaskScheduler, IDisposable
{
    /// <summary>The nice value of the threads.</summary>
    public const int Nice = 10;

    private const int PrioProcess = 0;

    private readonly BlockingCollection<Task> _queue = [];
    private readonly Thread[] _threads;

    /// <summary>Starts <paramref name="threads"/> threads named after <paramref name="name"/>.</summary>
    public LowPriorityScheduler(int threads, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _threads = [.. Enumerable.Range(0, threads).Select(i => new Thread(Run) { IsBackground = true, Name = $"{name} {i}" })];
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    /// <inheritdoc/>
    public override int MaximumConcurrencyLevel => _threads.Length;

    /// <summary>
    /// Runs <paramref name="work"/> on one of the threads; what it awaits continues there too,
    /// and so does the caller after awaiting the result, where there is no synchronization
    /// context (ASP.NET Core has none): for a listing, writing the page. Canceled before it
    /// starts, the work does not run.
    /// </summary>
    public Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.DenyChildAttach, this).Unwrap();

    /// <summary>Lets the threads end once the work queued has run.</summary>
    public void Dispose() => _queue.CompleteAdding();

    /// <inheritdoc/>
    protected override void QueueTask(Task task) => _queue.Add(task);

    // Never on the caller's thread, which runs at the normal priority.
    /// <inheritdoc/>
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    /// <inheritdoc/>
    protected override IEnumerable<Task> GetScheduledTasks() => [.. _queue];

    private void Run()
    {
        LowerThisThread();
        foreach (var task in _queue.GetConsumingEnumerable())
        {
            TryExecuteTask(task);
        }
    }

    private static void LowerThisThread()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            // On Linux, PRIO_PROCESS with a thread id sets that one thread's nice value; raising
            // one's own needs no privilege. If it fails, the thread runs at the normal priority.
            _ = setpriority(PrioProcess, gettid(), Nice);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // A libc without gettid (glibc before 2.30): the normal priority, as above.
        }
    }

    [LibraryImport("libc")]
    private static partial int setpriority(int which, int who, int priority);

    [LibraryImport("libc")]
    private static partial int gettid();
}
