using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf;
using RealNameApi.Rpc.Protocol;

namespace RealNameApi.Rpc.Server;

/// <summary>Reads length-prefixed request messages from the call's body, however DATA frames split them.</summary>
internal static class RequestReader
{
    /// <summary>
    /// Reads the one message of a unary or server-streaming request and checks the body ends there.
    /// No message, a cut-off message, or a second message is INTERNAL, as in grpc-dotnet.
    /// </summary>
    public static async ValueTask<T> ReadSingleAsync<T>(ServerCallContext call, MessageParser<T> parser)
        where T : IMessage<T>
    {
        var input = call.Input;
        var maxLength = call.MethodInfo.Runtime.Options.MaxReceiveMessageSize;
        T? message = default;
        var haveMessage = false;
        while (true)
        {
            var result = await ReadBodyAsync(input, call.CancellationToken);
            var buffer = result.Buffer;
            var consumed = buffer.Start;
            try
            {
                if (!buffer.IsEmpty)
                {
                    if (haveMessage)
                    {
                        throw new RpcException(StatusCode.Internal, "The request holds more than one message; this method takes exactly one.");
                    }
                    if (MessageFraming.TryRead(buffer, maxLength, out var flags, out var payload))
                    {
                        message = Parse(call, parser, flags, payload);
                        haveMessage = true;
                        consumed = payload.End;
                        buffer = buffer.Slice(consumed);
                    }
                }
                if (result.IsCompleted)
                {
                    if (!haveMessage)
                    {
                        throw buffer.IsEmpty
                            ? new RpcException(StatusCode.Internal, "The request holds no message; this method takes exactly one.")
                            : Incomplete(buffer);
                    }
                    if (!buffer.IsEmpty)
                    {
                        throw new RpcException(StatusCode.Internal, "The request holds more than one message; this method takes exactly one.");
                    }
                    return message!;
                }
            }
            finally
            {
                input.AdvanceTo(consumed, result.Buffer.End);
            }
        }
    }

    /// <summary>Reads the next message of a streaming request; <c>(false, default)</c> at the end of the body.</summary>
    public static async ValueTask<(bool Read, T? Message)> ReadNextAsync<T>(ServerCallContext call, MessageParser<T> parser, CancellationToken cancellationToken)
        where T : IMessage<T>
    {
        var input = call.Input;
        var maxLength = call.MethodInfo.Runtime.Options.MaxReceiveMessageSize;
        while (true)
        {
            var result = await ReadBodyAsync(input, cancellationToken);
            var buffer = result.Buffer;
            var consumed = buffer.Start;
            // Examined stays at the end only when no whole message is buffered, so that the next
            // read waits for more bytes; after a message, what follows may already be complete.
            var examined = buffer.End;
            try
            {
                if (MessageFraming.TryRead(buffer, maxLength, out var flags, out var payload))
                {
                    consumed = examined = payload.End;
                    return (true, Parse(call, parser, flags, payload));
                }
                if (result.IsCompleted)
                {
                    return buffer.IsEmpty ? (false, default) : throw Incomplete(buffer);
                }
            }
            finally
            {
                input.AdvanceTo(consumed, examined);
            }
        }
    }

    /// <summary>
    /// Kestrel fails a pending body read with an <see cref="IOException"/> as soon as the client resets
    /// the stream or drops the connection, before <c>RequestAborted</c> fires: for the call, the
    /// client has left, which is not a fault of the server's.
    /// </summary>
    private static ValueTask<ReadResult> ReadBodyAsync(PipeReader input, CancellationToken cancellationToken)
    {
        try
        {
            var read = input.ReadAsync(cancellationToken);
            return read.IsCompletedSuccessfully ? read : AwaitAsync(read);
        }
        catch (IOException ex)
        {
            throw new ClientLeftException(ex);
        }

        static async ValueTask<ReadResult> AwaitAsync(ValueTask<ReadResult> read)
        {
            try
            {
                return await read;
            }
            catch (IOException ex)
            {
                throw new ClientLeftException(ex);
            }
        }
    }

    private static RpcException Incomplete(in ReadOnlySequence<byte> rest) => rest.Length < GrpcProtocol.HeaderSize
        ? new RpcException(StatusCode.Internal, $"The request ends inside a message's 5-byte length prefix ({rest.Length} bytes left over).")
        : new RpcException(StatusCode.Internal, "The request ends before the end of a message: the length prefix announces more bytes than the body holds.");

    private static T Parse<T>(ServerCallContext call, MessageParser<T> parser, byte flags, in ReadOnlySequence<byte> payload)
        where T : IMessage<T>
    {
        switch (flags)
        {
            case 0:
                return Deserialize(parser, payload);
            case 1:
                if (!call.RequestCompressed)
                {
                    throw new RpcException(StatusCode.Internal, "A message has the compressed flag set but the request's grpc-encoding is identity or missing.");
                }
                using (var decompressed = MessageCompression.Decompress(payload, call.MethodInfo.Runtime.Options.MaxReceiveMessageSize))
                {
                    return Deserialize(parser, new ReadOnlySequence<byte>(decompressed.WrittenMemory));
                }
            default:
                throw new RpcException(StatusCode.Internal, $"A message has an invalid flags byte 0x{flags:X2}; expected 0 or 1.");
        }
    }

    private static T Deserialize<T>(MessageParser<T> parser, in ReadOnlySequence<byte> bytes)
        where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException)
        {
            throw new RpcException(StatusCode.Internal, "Failed to deserialize the request message: the bytes are not a valid protobuf message of the request type.");
        }
    }
}
