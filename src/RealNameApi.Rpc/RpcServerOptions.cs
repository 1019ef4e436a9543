using System.IO.Compression;

namespace RealNameApi.Rpc;

/// <summary>Options of the gRPC server, set through <c>services.AddRpc(options => ...)</c>.</summary>
public sealed class RpcServerOptions
{
    /// <summary>The largest request message accepted, in bytes (after decompression); larger is RESOURCE_EXHAUSTED. Default 4 MiB.</summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>The largest response message sent, in bytes; a handler's larger message fails the call with RESOURCE_EXHAUSTED. Default unlimited.</summary>
    public int MaxSendMessageSize { get; set; } = int.MaxValue;

    /// <summary>
    /// The encoding of response messages when the client accepts it: null (default) for none, or
    /// <c>gzip</c>. gRPC-Web responses are never message-compressed (browsers compress whole bodies).
    /// </summary>
    public string? ResponseCompression { get; set; }

    /// <summary>The gzip level of compressed responses.</summary>
    public CompressionLevel ResponseCompressionLevel { get; set; } = CompressionLevel.Fastest;

    /// <summary>
    /// When true, an unhandled exception's type and message are sent in <c>grpc-message</c>. Off by
    /// default: exception text may hold internals or personal data. For development only.
    /// </summary>
    public bool EnableDetailedErrors { get; set; }

    /// <summary>gRPC-Web and its CORS policy.</summary>
    public GrpcWebOptions GrpcWeb { get; } = new();
}

/// <summary>gRPC-Web (browsers) on the same endpoints as gRPC.</summary>
public sealed class GrpcWebOptions
{
    /// <summary>Whether <c>application/grpc-web</c>, <c>+proto</c> and <c>-text</c> requests are served. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The origins browsers may call from (e.g. <c>https://dashboard.example.com</c>, or <c>*</c>).
    /// Empty means no CORS policy: same-origin pages only. With origins set, the application must
    /// call <c>app.UseCors()</c>.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>How long browsers may cache a preflight answer.</summary>
    public TimeSpan PreflightMaxAge { get; set; } = TimeSpan.FromMinutes(10);
}
