using Grpc.Net.Client.Web;

namespace RealNameApi.Client;

/// <summary>How to reach RealNameApi, for <see cref="RealNameApiClient"/> and <c>AddRealNameApiClient</c>.</summary>
public sealed class RealNameApiClientOptions
{
    /// <summary>The server: the gRPC port (HTTP/2), or the HTTP/1.1 port with <see cref="GrpcWeb"/> set.</summary>
    public Uri Address { get; set; } = new("http://127.0.0.1:5001");

    /// <summary>
    /// The deadline of a unary call that sets none itself. Default 10 s. Streaming calls
    /// (<c>WatchVerificationStatus</c>) run until the caller stops them, unless they set a deadline.
    /// </summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// An API key, sent as <c>authorization: Bearer &lt;key&gt;</c> on every call; null sends none.
    /// Use an https address wherever the key matters: on http it crosses the network readable.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>Null for native gRPC; <see cref="GrpcWebMode.GrpcWeb"/> or <see cref="GrpcWebMode.GrpcWebText"/> to speak gRPC-Web over HTTP/1.1.</summary>
    public GrpcWebMode? GrpcWeb { get; set; }

    /// <summary>The largest response message accepted. Default 4 MiB, the server's own request limit.</summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;
}
