using Microsoft.Extensions.Logging;

namespace RealNameApi.Caching;

/// <summary>
/// Every log message of the caching library. None carries a key's inputs, a cached value, a case
/// reference or a case id: failures are described by exception type only, because Redis client
/// exception messages quote the command and its key.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "No Cache:KeySecret is configured: a random per-process secret is used, so cache keys and case ids are not shared across replicas or restarts.")]
    public static partial void KeySecretGenerated(ILogger logger);

    [LoggerMessage(2, LogLevel.Information, "No Cache:KeySecret is configured: a random per-process secret is used (embedded mode, nothing is shared).")]
    public static partial void KeySecretGeneratedEmbedded(ILogger logger);

    [LoggerMessage(10, LogLevel.Warning, "Reading the shared cache failed ({ErrorType}); the answer is computed directly.")]
    public static partial void SharedReadFailed(ILogger logger, string errorType);

    [LoggerMessage(11, LogLevel.Warning, "Writing the shared cache failed ({ErrorType}); the answer was returned uncached.")]
    public static partial void SharedWriteFailed(ILogger logger, string errorType);

    [LoggerMessage(12, LogLevel.Warning, "A shared cache value could not be read as {MessageType}; it is recomputed and overwritten.")]
    public static partial void SharedValueUnreadable(ILogger logger, string messageType);

    [LoggerMessage(20, LogLevel.Warning, "{Redis} is bypassed for {BreakDuration} after {Failures} consecutive failures (circuit breaker open).")]
    public static partial void BreakerOpened(ILogger logger, string redis, int failures, TimeSpan breakDuration);

    [LoggerMessage(21, LogLevel.Information, "{Redis} answers again (circuit breaker closed).")]
    public static partial void BreakerClosed(ILogger logger, string redis);

    [LoggerMessage(22, LogLevel.Warning, "Redis connection {ConnectionType} failed: {FailureType}.")]
    public static partial void RedisConnectionFailed(ILogger logger, string connectionType, string failureType);

    [LoggerMessage(23, LogLevel.Information, "Redis connection {ConnectionType} restored.")]
    public static partial void RedisConnectionRestored(ILogger logger, string connectionType);

    [LoggerMessage(24, LogLevel.Debug, "Redis health probe failed ({ErrorType}).")]
    public static partial void ProbeFailed(ILogger logger, string errorType);

    [LoggerMessage(30, LogLevel.Warning, "Recording a case status failed ({ErrorType}); the diagnosis is answered without it.")]
    public static partial void StatusRecordFailed(ILogger logger, string errorType);

    [LoggerMessage(31, LogLevel.Warning, "A case status was not recorded: Redis is bypassed (circuit breaker open).")]
    public static partial void StatusRecordSkipped(ILogger logger);

    [LoggerMessage(32, LogLevel.Warning, "Reading case statuses failed ({ErrorType}).")]
    public static partial void StatusReadFailed(ILogger logger, string errorType);

    [LoggerMessage(33, LogLevel.Warning, "A stored case status could not be parsed; it is skipped.")]
    public static partial void StatusValueUnreadable(ILogger logger);

    [LoggerMessage(34, LogLevel.Warning, "Subscribing to case changes failed ({ErrorType}); watches see other instances' records after the next subscription.")]
    public static partial void StatusSubscribeFailed(ILogger logger, string errorType);

    [LoggerMessage(35, LogLevel.Information, "A watch could not read its case; it tries again shortly.")]
    public static partial void WatchReadFailed(ILogger logger);

    [LoggerMessage(37, LogLevel.Warning, "A case status reached {Acknowledged} of {Required} replicas in time (Redis:RecordReplicas); it is reported as not recorded.")]
    public static partial void StatusRecordNotReplicated(ILogger logger, long acknowledged, int required);

    [LoggerMessage(36, LogLevel.Warning, "The embedded status store is full: {Evicted} cases evicted by retention order since the last report; it holds {Cases} cases, about {Bytes} bytes (limits Status:EmbeddedMaxCases {MaxCases}, Status:EmbeddedMaxBytes {MaxBytes}).")]
    public static partial void StatusCasesEvicted(ILogger logger, long evicted, int cases, long bytes, int maxCases, long maxBytes);
}
