namespace RealNameApi.Rpc.Client;

/// <summary>Options of a <see cref="RpcChannel"/>.</summary>
public sealed class RpcChannelOptions
{
    /// <summary>The largest response message accepted, in bytes; larger is RESOURCE_EXHAUSTED. Default 4 MiB.</summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>The largest request message sent, in bytes; larger fails locally with RESOURCE_EXHAUSTED. Default unlimited.</summary>
    public int MaxSendMessageSize { get; set; } = int.MaxValue;

    /// <summary>The encoding of request messages: null (default) for none, or <c>gzip</c>.</summary>
    public string? RequestCompression { get; set; }

    /// <summary>
    /// The HTTP handler to send with. Default: a <see cref="SocketsHttpHandler"/> with several HTTP/2
    /// connections allowed and no automatic decompression.
    /// </summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>Whether disposing the channel disposes <see cref="HttpHandler"/>. Default true.</summary>
    public bool DisposeHttpHandler { get; set; } = true;

    /// <summary>Speak gRPC-Web instead of gRPC (over HTTP/1.1 unless <see cref="HttpVersion"/> says otherwise).</summary>
    public GrpcWebMode WebMode { get; set; }

    /// <summary>The HTTP version to use: default 2.0 for gRPC, 1.1 for gRPC-Web.</summary>
    public Version? HttpVersion { get; set; }
}

/// <summary>How a client speaks gRPC-Web.</summary>
public enum GrpcWebMode
{
    /// <summary>Native gRPC over HTTP/2.</summary>
    None,
    /// <summary><c>application/grpc-web+proto</c>: binary frames, trailers in the body.</summary>
    Binary,
    /// <summary><c>application/grpc-web-text+proto</c>: the same, base64-encoded.</summary>
    Text,
}
