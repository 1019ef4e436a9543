namespace RealNameApi.Server.Memory;

/// <summary>
/// When a quiet server's next memory-giving collection is due. Quiet: allocating less than
/// <see cref="MemoryOptions.IdleAllocationBytesPerSecond"/> since the previous look. The first
/// collection comes <see cref="MemoryOptions.IdleAfter"/> into a quiet spell; while the spell lasts,
/// the next comes <see cref="MemoryOptions.IdleAfter"/> later again if the last one gave memory
/// back, or after a gap doubled (up to <see cref="MemoryOptions.MaxReleaseInterval"/>) if it found
/// nothing. More than one per spell, because memory turns to garbage with no allocation at all:
/// a stalled connection that the server closes hands its buffers back without allocating a byte.
/// Never sooner than <see cref="PauseShare"/> times the last collection's pause, so these
/// collections take at most 1% of the time whatever the heap's size. Any traffic ends the spell.
/// </summary>
internal sealed class IdleReleaseSchedule(MemoryOptions options)
{
    /// <summary>A collection that gives back less than this found nothing.</summary>
    public const long MinReleasedBytes = 1024 * 1024;

    /// <summary>The gap to the next collection is at least this many times the last one's pause.</summary>
    public const int PauseShare = 100;

    private TimeSpan _lastLook;
    private long _lastAllocated = -1;
    private TimeSpan _gap = options.IdleAfter;
    private TimeSpan _next;

    /// <summary>
    /// Looks at the time (<paramref name="now"/>, from any fixed origin) and at the bytes the
    /// process has allocated so far, and says whether a collection is due.
    /// </summary>
    public bool IsDue(TimeSpan now, long allocatedBytes)
    {
        var seconds = Math.Max((now - _lastLook).TotalSeconds, 0);
        var busy = _lastAllocated < 0 || allocatedBytes - _lastAllocated > options.IdleAllocationBytesPerSecond * seconds;
        _lastLook = now;
        _lastAllocated = allocatedBytes;
        if (busy)
        {
            _gap = options.IdleAfter;
            _next = now + options.IdleAfter;
            return false;
        }

        return now >= _next;
    }

    /// <summary>Records a collection that ended at <paramref name="now"/>: what it gave back and how long it paused.</summary>
    public void Collected(TimeSpan now, long allocatedBytes, long releasedBytes, TimeSpan pause)
    {
        _gap = releasedBytes >= MinReleasedBytes ? options.IdleAfter : Min(_gap * 2, options.MaxReleaseInterval);
        _next = now + (_gap > pause * PauseShare ? _gap : pause * PauseShare);
        _lastLook = now;
        _lastAllocated = allocatedBytes;
    }

    /// <summary>When the next collection is due if the server stays quiet.</summary>
    public TimeSpan Next => _next;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
