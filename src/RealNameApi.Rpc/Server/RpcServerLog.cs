using Microsoft.Extensions.Logging;

namespace RealNameApi.Rpc.Server;

/// <summary>
/// What an operator needs to know about calls. Only method names, status codes and exception types
/// are logged: never message contents, metadata values or exception messages (they may hold
/// personal data).
/// </summary>
internal static partial class RpcServerLog
{
    [LoggerMessage(1, LogLevel.Error, "Call {Method} failed with INTERNAL: the handler threw {ExceptionType}. {StackTrace}")]
    public static partial void HandlerThrew(ILogger logger, string method, string exceptionType, string? stackTrace);

    [LoggerMessage(2, LogLevel.Warning, "Call {Method} ended with {StatusCode}.")]
    public static partial void CallFailed(ILogger logger, string method, StatusCode statusCode);

    [LoggerMessage(3, LogLevel.Debug, "Call {Method} was rejected with {StatusCode}: {Reason}")]
    public static partial void CallRejected(ILogger logger, string method, StatusCode statusCode, string reason);

    [LoggerMessage(4, LogLevel.Debug, "Call {Method} exceeded its deadline.")]
    public static partial void DeadlineExceeded(ILogger logger, string method);

    [LoggerMessage(5, LogLevel.Debug, "Call {Method}: the deadline response could not be sent ({ExceptionType}).")]
    public static partial void DeadlineResponseFailed(ILogger logger, string method, string exceptionType);

    [LoggerMessage(6, LogLevel.Debug, "Call {Method} was cancelled by the client.")]
    public static partial void CancelledByClient(ILogger logger, string method);

    [LoggerMessage(7, LogLevel.Debug, "Request for {Path} rejected with HTTP {HttpStatus}: {Reason}")]
    public static partial void HttpRejected(ILogger logger, string path, int httpStatus, string reason);

    [LoggerMessage(8, LogLevel.Debug, "Call {Method}: the status could not be sent ({ExceptionType}).")]
    public static partial void StatusNotSent(ILogger logger, string method, string exceptionType);
}
