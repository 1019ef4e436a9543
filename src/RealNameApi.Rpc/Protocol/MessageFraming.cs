using System.Buffers;
using System.Buffers.Binary;

namespace RealNameApi.Rpc.Protocol;

/// <summary>
/// The Length-Prefixed-Message of PROTOCOL-HTTP2: a compressed-flag byte, a 4-byte big-endian
/// length, then the message. DATA frame boundaries have no relation to message boundaries, so
/// reading works on whatever has arrived so far.
/// </summary>
internal static class MessageFraming
{
    /// <summary>
    /// Finds a complete message at the start of <paramref name="buffer"/>. False when more bytes are
    /// needed. Throws when the prefix itself is invalid or announces more than <paramref name="maxLength"/>.
    /// </summary>
    /// <param name="buffer">The unread bytes.</param>
    /// <param name="maxLength">The receive limit.</param>
    /// <param name="flags">The flag byte: bit 0 compressed, bit 7 gRPC-Web trailers.</param>
    /// <param name="payload">The message bytes, without the prefix.</param>
    public static bool TryRead(in ReadOnlySequence<byte> buffer, int maxLength, out byte flags, out ReadOnlySequence<byte> payload)
    {
        payload = default;
        flags = 0;
        if (buffer.Length < GrpcProtocol.HeaderSize)
        {
            return false;
        }
        Span<byte> header = stackalloc byte[GrpcProtocol.HeaderSize];
        var first = buffer.FirstSpan;
        if (first.Length >= GrpcProtocol.HeaderSize)
        {
            first[..GrpcProtocol.HeaderSize].CopyTo(header);
        }
        else
        {
            buffer.Slice(0, GrpcProtocol.HeaderSize).CopyTo(header);
        }
        flags = header[0];
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (length > (uint)maxLength)
        {
            throw new RpcException(StatusCode.ResourceExhausted,
                $"Received message of {length} bytes exceeds the limit of {maxLength} bytes.");
        }
        if (buffer.Length - GrpcProtocol.HeaderSize < length)
        {
            return false;
        }
        payload = buffer.Slice(GrpcProtocol.HeaderSize, length);
        return true;
    }

    public static void WriteHeader(Span<byte> destination, bool compressed, int length)
    {
        destination[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)length);
    }
}
