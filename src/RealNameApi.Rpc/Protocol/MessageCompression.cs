using System.Buffers;
using System.IO.Compression;

namespace RealNameApi.Rpc.Protocol;

/// <summary>
/// Per-message compression (<c>grpc-encoding</c>). Each message is compressed on its own; no
/// context is kept across messages (PROTOCOL-HTTP2).
/// </summary>
internal static class MessageCompression
{
    public const string Identity = "identity";
    public const string Gzip = "gzip";

    /// <summary>The value of <c>grpc-accept-encoding</c>: what this side can decompress.</summary>
    public const string AcceptEncoding = "identity,gzip";

    public static bool IsSupported(string encoding) =>
        string.Equals(encoding, Identity, StringComparison.OrdinalIgnoreCase) || string.Equals(encoding, Gzip, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether a <c>grpc-accept-encoding</c> value lists gzip.</summary>
    public static bool AcceptsGzip(string? acceptEncoding)
    {
        if (string.IsNullOrEmpty(acceptEncoding))
        {
            return false;
        }
        foreach (var range in acceptEncoding.AsSpan().Split(','))
        {
            if (acceptEncoding.AsSpan(range).Trim().Equals(Gzip, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Gzips <paramref name="message"/> into a new pooled buffer; the caller disposes it.</summary>
    public static PooledBuffer Compress(ReadOnlySpan<byte> message, CompressionLevel level)
    {
        var output = new PooledBuffer(Math.Max(64, message.Length / 2));
        using (var gzip = new GZipStream(output.AsStream(), level, leaveOpen: true))
        {
            gzip.Write(message);
        }
        return output;
    }

    /// <summary>Gunzips <paramref name="compressed"/>; more than <paramref name="maxLength"/> bytes is RESOURCE_EXHAUSTED.</summary>
    public static PooledBuffer Decompress(in ReadOnlySequence<byte> compressed, int maxLength)
    {
        var output = new PooledBuffer(Math.Max(256, (int)Math.Min(compressed.Length * 4, maxLength)));
        try
        {
            using var source = new SequenceStream(compressed);
            using var gzip = new GZipStream(source, CompressionMode.Decompress);
            while (true)
            {
                var span = output.GetSpan(4096);
                var read = gzip.Read(span);
                if (read == 0)
                {
                    return output;
                }
                output.Advance(read);
                if (output.Length > maxLength)
                {
                    throw new RpcException(StatusCode.ResourceExhausted,
                        $"Decompressed message exceeds the limit of {maxLength} bytes.");
                }
            }
        }
        catch (InvalidDataException)
        {
            output.Dispose();
            throw new RpcException(StatusCode.Internal, "Failed to decompress the message: the gzip data is invalid.");
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    /// <summary>A read-only stream over a byte sequence, so GZipStream can read pipe memory in place.</summary>
    private sealed class SequenceStream(ReadOnlySequence<byte> sequence) : Stream
    {
        private ReadOnlySequence<byte> _remaining = sequence;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = (int)Math.Min(buffer.Length, _remaining.Length);
            _remaining.Slice(0, count).CopyTo(buffer);
            _remaining = _remaining.Slice(count);
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
