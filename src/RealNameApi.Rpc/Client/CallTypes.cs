using System.Runtime.CompilerServices;

namespace RealNameApi.Rpc.Client;

/// <summary>What every call offers: response headers, and the status and trailers once it is over.</summary>
public abstract class RpcCall : IDisposable
{
    private protected RpcCall(IClientCall call) => Call = call;

    private protected IClientCall Call { get; }

    /// <summary>The response headers' custom metadata, once they arrive.</summary>
    public Task<Metadata> ResponseHeadersAsync => Call.ResponseHeadersAsync();

    /// <summary>The call's status.</summary>
    /// <exception cref="InvalidOperationException">The call is not over yet.</exception>
    public Status GetStatus() => Call.GetStatus();

    /// <summary>The trailers' custom metadata.</summary>
    /// <exception cref="InvalidOperationException">The call is not over yet.</exception>
    public Metadata GetTrailers() => Call.GetTrailers();

    /// <summary>Cancels the call if it is still running (the stream is reset) and frees its resources.</summary>
    public void Dispose()
    {
        Call.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>A unary call in flight; await it for the response.</summary>
public sealed class AsyncUnaryCall<TResponse> : RpcCall
{
    internal AsyncUnaryCall(IClientCall call, Task<TResponse> response) : base(call) => ResponseAsync = response;

    /// <summary>The response; fails with <see cref="RpcException"/>.</summary>
    public Task<TResponse> ResponseAsync { get; }

    /// <summary>Awaits the response.</summary>
    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();
}

/// <summary>A server-streaming call in flight.</summary>
public sealed class AsyncServerStreamingCall<TResponse> : RpcCall
{
    internal AsyncServerStreamingCall(IClientCall call, IAsyncStreamReader<TResponse> responses) : base(call) => ResponseStream = responses;

    /// <summary>The response messages; reading past the last throws <see cref="RpcException"/> if the status is not OK.</summary>
    public IAsyncStreamReader<TResponse> ResponseStream { get; }
}

/// <summary>A client-streaming call in flight.</summary>
public sealed class AsyncClientStreamingCall<TRequest, TResponse> : RpcCall
{
    internal AsyncClientStreamingCall(IClientCall call, IClientStreamWriter<TRequest> requests, Task<TResponse> response) : base(call)
    {
        RequestStream = requests;
        ResponseAsync = response;
    }

    /// <summary>The request messages; call <see cref="IClientStreamWriter{T}.CompleteAsync"/> after the last.</summary>
    public IClientStreamWriter<TRequest> RequestStream { get; }

    /// <summary>The response, after the request stream is complete.</summary>
    public Task<TResponse> ResponseAsync { get; }

    /// <summary>Awaits the response.</summary>
    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();
}

/// <summary>A duplex-streaming call in flight.</summary>
public sealed class AsyncDuplexStreamingCall<TRequest, TResponse> : RpcCall
{
    internal AsyncDuplexStreamingCall(IClientCall call, IClientStreamWriter<TRequest> requests, IAsyncStreamReader<TResponse> responses) : base(call)
    {
        RequestStream = requests;
        ResponseStream = responses;
    }

    /// <summary>The request messages; call <see cref="IClientStreamWriter{T}.CompleteAsync"/> after the last.</summary>
    public IClientStreamWriter<TRequest> RequestStream { get; }

    /// <summary>The response messages.</summary>
    public IAsyncStreamReader<TResponse> ResponseStream { get; }
}

/// <summary>The part of a call the public call types share.</summary>
internal interface IClientCall : IDisposable
{
    Task<Metadata> ResponseHeadersAsync();

    Status GetStatus();

    Metadata GetTrailers();
}
