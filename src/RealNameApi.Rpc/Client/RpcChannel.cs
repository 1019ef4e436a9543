using System.Net;
using Google.Protobuf;

namespace RealNameApi.Rpc.Client;

/// <summary>
/// A connection to a gRPC server over HttpClient: HTTP/2 (prior knowledge for <c>http://</c>,
/// ALPN for <c>https://</c>), or gRPC-Web when <see cref="RpcChannelOptions.WebMode"/> says so.
/// Thread-safe; share one per server.
/// </summary>
public sealed class RpcChannel : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();

    /// <summary>A channel to <paramref name="address"/>, e.g. <c>http://localhost:5001</c>.</summary>
    public RpcChannel(Uri address, RpcChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        Address = address;
        Options = options ?? new RpcChannelOptions();
        var handler = Options.HttpHandler ?? new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            AutomaticDecompression = DecompressionMethods.None,
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
        };
        Invoker = new HttpMessageInvoker(handler, disposeHandler: Options.HttpHandler is null || Options.DisposeHttpHandler);
        HttpVersion = Options.HttpVersion ?? (Options.WebMode == GrpcWebMode.None ? System.Net.HttpVersion.Version20 : System.Net.HttpVersion.Version11);
    }

    /// <summary>The server's base address.</summary>
    public Uri Address { get; }

    /// <summary>The channel's options.</summary>
    public RpcChannelOptions Options { get; }

    internal HttpMessageInvoker Invoker { get; }

    internal Version HttpVersion { get; }

    internal GrpcWebMode WebMode => Options.WebMode;

    /// <summary>Fires when the channel is disposed, cancelling every call still running on it.</summary>
    internal CancellationToken DisposedToken => _disposed.Token;

    /// <summary>A channel to <paramref name="address"/>, e.g. <c>http://localhost:5001</c>.</summary>
    public static RpcChannel ForAddress(string address, RpcChannelOptions? options = null) => new(new Uri(address), options);

    /// <summary>Starts a unary call.</summary>
    public AsyncUnaryCall<TResponse> UnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>, new()
    {
        var call = Create(method, MethodType.Unary, options);
        call.Start(request);
        return new AsyncUnaryCall<TResponse>(call, call.ReadSingleResponseAsync());
    }

    /// <summary>Starts a server-streaming call.</summary>
    public AsyncServerStreamingCall<TResponse> ServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>, new()
    {
        var call = Create(method, MethodType.ServerStreaming, options);
        call.Start(request);
        return new AsyncServerStreamingCall<TResponse>(call, new ResponseStreamReader<TRequest, TResponse>(call));
    }

    /// <summary>Starts a client-streaming call.</summary>
    public AsyncClientStreamingCall<TRequest, TResponse> ClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, CallOptions options = default)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>, new()
    {
        var call = Create(method, MethodType.ClientStreaming, options);
        var writer = call.StartStreaming();
        return new AsyncClientStreamingCall<TRequest, TResponse>(call, writer, call.ReadSingleResponseAsync());
    }

    /// <summary>Starts a duplex-streaming call.</summary>
    public AsyncDuplexStreamingCall<TRequest, TResponse> DuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, CallOptions options = default)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>, new()
    {
        var call = Create(method, MethodType.DuplexStreaming, options);
        var writer = call.StartStreaming();
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(call, writer, new ResponseStreamReader<TRequest, TResponse>(call));
    }

    /// <summary>Cancels the calls still running on the channel (they end with CANCELLED) and closes its connections.</summary>
    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }
        _disposed.Cancel();
        Invoker.Dispose();
    }

    internal Uri UriFor(string path) => new(Address, path);

    private ClientCall<TRequest, TResponse> Create<TRequest, TResponse>(Method<TRequest, TResponse> method, MethodType expected, CallOptions options)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>, new()
    {
        ArgumentNullException.ThrowIfNull(method);
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        if (method.Type != expected)
        {
            throw new ArgumentException($"{method.FullName} is a {method.Type} method, not {expected}.", nameof(method));
        }
        return new ClientCall<TRequest, TResponse>(this, method, options);
    }
}
