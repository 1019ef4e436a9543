namespace RealNameApi.Server;

/// <summary>The idle memory release's log events: sizes and times only.</summary>
internal static partial class Log
{
    [LoggerMessage(40, LogLevel.Information, "Server quiet: a collection gave {ReleasedMb} MB of GC heap back (committed {BeforeMb} -> {AfterMb} MB, of which {PoolMb} MB idle I/O buffers; paused {PauseMs:F0} ms)")]
    public static partial void IdleMemoryReleased(ILogger logger, long releasedMb, long beforeMb, long afterMb, long poolMb, double pauseMs);

    [LoggerMessage(41, LogLevel.Debug, "Server quiet: a collection gave {ReleasedMb} MB back (committed {AfterMb} MB); the next in {NextSeconds:F0} s if it stays quiet")]
    public static partial void IdleCollectionFoundLittle(ILogger logger, long releasedMb, long afterMb, double nextSeconds);
}
