using System.Buffers;
using System.IO.Compression;
using Google.Protobuf;

namespace RealNameApi.Rpc.Protocol;

/// <summary>Serializes a message with its length prefix straight into the output buffer.</summary>
internal static class MessageWriter
{
    /// <param name="output">Where the framed message goes (e.g. Kestrel's response PipeWriter).</param>
    /// <param name="message">The message.</param>
    /// <param name="compress">Whether to gzip the message and set the compressed flag.</param>
    /// <param name="maxLength">The send limit; a larger message is RESOURCE_EXHAUSTED.</param>
    /// <param name="level">The gzip level.</param>
    /// <param name="direction">"request" or "response", for the error message.</param>
    public static void Write(IBufferWriter<byte> output, IMessage message, bool compress, int maxLength, CompressionLevel level, string direction)
    {
        var size = message.CalculateSize();
        if (size > maxLength)
        {
            throw new RpcException(StatusCode.ResourceExhausted,
                $"Sending {direction} message of {size} bytes exceeds the limit of {maxLength} bytes.");
        }
        if (!compress)
        {
            var span = output.GetSpan(GrpcProtocol.HeaderSize + size);
            MessageFraming.WriteHeader(span, compressed: false, size);
            message.WriteTo(span.Slice(GrpcProtocol.HeaderSize, size));
            output.Advance(GrpcProtocol.HeaderSize + size);
            return;
        }
        var raw = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            message.WriteTo(raw.AsSpan(0, size));
            using var compressed = MessageCompression.Compress(raw.AsSpan(0, size), level);
            var span = output.GetSpan(GrpcProtocol.HeaderSize + compressed.Length);
            MessageFraming.WriteHeader(span, compressed: true, compressed.Length);
            compressed.WrittenSpan.CopyTo(span[GrpcProtocol.HeaderSize..]);
            output.Advance(GrpcProtocol.HeaderSize + compressed.Length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
        }
    }
}
