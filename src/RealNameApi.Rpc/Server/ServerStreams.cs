using Google.Protobuf;

namespace RealNameApi.Rpc.Server;

/// <summary>The request messages of a client-streaming or duplex call, as the handler reads them.</summary>
internal sealed class RequestStreamReader<T>(ServerCallContext call, MessageParser<T> parser) : IAsyncStreamReader<T>
    where T : IMessage<T>
{
    private T? _current;

    public T Current => _current ?? throw new InvalidOperationException("No message has been read; call MoveNext first.");

    public async Task<bool> MoveNext(CancellationToken cancellationToken = default)
    {
        var token = cancellationToken.CanBeCanceled ? cancellationToken : call.CancellationToken;
        var (read, message) = await RequestReader.ReadNextAsync(call, parser, token);
        _current = message;
        return read;
    }
}

/// <summary>The response messages of a server-streaming or duplex call, as the handler writes them.</summary>
internal sealed class ResponseStreamWriter<T>(ServerCallContext call) : IServerStreamWriter<T>
    where T : IMessage<T>
{
    public Task WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return call.WriteMessageAsync(message, flush: true, cancellationToken.CanBeCanceled ? cancellationToken : call.CancellationToken);
    }
}
