namespace RealNameApi.Server;

/// <summary>The access-control, TLS and rejection log events: key ids, counts and settings, never keys or request data.</summary>
internal static partial class Log
{
    [LoggerMessage(20, LogLevel.Warning, "No API key is configured (Auth:Keys): the service is OPEN to every caller that can reach {ListenAddress}, as tenant '{Tenant}' with every role. This is for local development only; configure Auth:Keys before listening anywhere else.")]
    public static partial void RunningOpen(ILogger logger, string listenAddress, string tenant);

    [LoggerMessage(21, LogLevel.Information, "API keys configured: {KeyIds}; health and /healthz stay open, every other call needs a key.")]
    public static partial void KeysConfigured(ILogger logger, string keyIds);

    [LoggerMessage(22, LogLevel.Warning, "{Total} calls turned away in the last {Period}: {ByReason}")]
    public static partial void CallsRejected(ILogger logger, long total, TimeSpan period, string byReason);

    [LoggerMessage(23, LogLevel.Information, "{Total} bad requests answered in the last {Period}: {ByReason}")]
    public static partial void BadRequests(ILogger logger, long total, TimeSpan period, string byReason);

    [LoggerMessage(24, LogLevel.Information, "RealNameApi serving gRPC (HTTP/2) and gRPC-Web (HTTP/1.1 and HTTP/2) over TLS on {TlsEndpoint}, certificate {Subject} valid until {NotAfter}")]
    public static partial void ListeningTls(ILogger logger, string tlsEndpoint, string subject, string notAfter);

    [LoggerMessage(25, LogLevel.Warning, "The cleartext ports listen on {ListenAddress}, beyond loopback: API keys cross the network readable unless a TLS-terminating proxy is in front. Prefer Server:TlsPort with a certificate.")]
    public static partial void CleartextBeyondLoopback(ILogger logger, string listenAddress);

    [LoggerMessage(EventId = 26, Message = "{Count} x {EventName} ({EventId}, {Category}) in the last {Period}, exception {ExceptionType}; the first: {FirstMessage}")]
    public static partial void TransportEvents(ILogger logger, LogLevel level, long count, string eventName, int eventId, string category, TimeSpan period, string exceptionType, string firstMessage);
}
