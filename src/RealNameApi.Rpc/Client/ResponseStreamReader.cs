using Google.Protobuf;

namespace RealNameApi.Rpc.Client;

/// <summary>The response messages of a streaming call, as the caller reads them.</summary>
internal sealed class ResponseStreamReader<TRequest, TResponse>(ClientCall<TRequest, TResponse> call) : IAsyncStreamReader<TResponse>
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>, new()
{
    private TResponse? _current;

    public TResponse Current => _current ?? throw new InvalidOperationException("No message has been read; call MoveNext first.");

    public async Task<bool> MoveNext(CancellationToken cancellationToken = default)
    {
        _current = await call.ReadMessageAsync(cancellationToken).ConfigureAwait(false);
        return _current is not null;
    }
}
