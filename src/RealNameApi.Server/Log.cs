namespace RealNameApi.Server;

/// <summary>The server's own log events. They carry configuration and code locations only, never request data.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "RealNameApi serving gRPC (HTTP/2) on {GrpcEndpoint} and gRPC-Web, /healthz (HTTP/1.1) on {HttpEndpoint}")]
    public static partial void Listening(ILogger logger, string grpcEndpoint, string httpEndpoint);

    [LoggerMessage(2, LogLevel.Information, "Catalog {CatalogVersion} loaded; cache and status store: {CacheMode}")]
    public static partial void Ready(ILogger logger, string catalogVersion, string cacheMode);

    [LoggerMessage(3, LogLevel.Information, "gRPC-Web browser origins allowed (Server:AllowedOrigins): {Origins}")]
    public static partial void AllowedOrigins(ILogger logger, string origins);

    // The exception's message is left out on purpose: it may quote request data.
    [LoggerMessage(4, LogLevel.Error, "Unhandled {ExceptionType} in {Method}; answered INTERNAL.\n{StackTrace}")]
    public static partial void UnhandledException(ILogger logger, string method, string exceptionType, string stackTrace);

    [LoggerMessage(5, LogLevel.Debug, "CORS preflight from an origin not in Server:AllowedOrigins refused")]
    public static partial void PreflightRefused(ILogger logger);
}
