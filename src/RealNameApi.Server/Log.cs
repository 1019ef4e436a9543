namespace RealNameApi.Server;

/// <summary>The server's own log events. They carry configuration only, never request data.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "RealNameApi serving gRPC (HTTP/2) on {GrpcEndpoint} and gRPC-Web, /healthz (HTTP/1.1) on {HttpEndpoint}")]
    public static partial void Listening(ILogger logger, string grpcEndpoint, string httpEndpoint);

    [LoggerMessage(2, LogLevel.Information, "Catalog {CatalogVersion} loaded; cache and status store: {CacheMode}")]
    public static partial void Ready(ILogger logger, string catalogVersion, string cacheMode);
}
