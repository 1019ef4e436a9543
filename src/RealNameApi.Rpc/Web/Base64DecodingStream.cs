using System.Buffers;
using System.Buffers.Text;

namespace RealNameApi.Rpc.Web;

/// <summary>
/// Reads a <c>grpc-web-text</c> body as the bytes it encodes. The body is base64 that may arrive in
/// chunks, each padded on its own ("AAAA" "BB==" "CCCC"), so it is decoded up to each padded group
/// rather than as one string. A stray character or a dangling partial group is INTERNAL.
/// </summary>
/// <remarks>
/// Decoding happens inside <see cref="ReadAsync(Memory{byte}, CancellationToken)"/>, driven by the
/// reader, never by a background task: once a call is finished nothing is left reading its body,
/// which on HTTP/1.1 would otherwise race the next request on the same connection.
/// </remarks>
internal sealed class Base64DecodingStream(Stream encoded) : Stream
{
    private const int CharBufferSize = 8 * 1024;

    private readonly byte[] _chars = new byte[CharBufferSize];
    private readonly byte[] _bytes = new byte[CharBufferSize / 4 * 3];
    private int _charCount;
    private int _byteStart;
    private int _byteEnd;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_byteStart == _byteEnd)
        {
            var read = await encoded.ReadAsync(_chars.AsMemory(_charCount), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return _charCount == 0
                    ? 0
                    : throw new RpcException(StatusCode.Internal, "The gRPC-Web text body ends in an incomplete base64 group.");
            }
            Decode(_charCount + read);
        }
        var count = Math.Min(buffer.Length, _byteEnd - _byteStart);
        _bytes.AsSpan(_byteStart, count).CopyTo(buffer.Span);
        _byteStart += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            encoded.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>Decodes every whole group of the first <paramref name="available"/> characters; keeps the rest.</summary>
    private void Decode(int available)
    {
        var chars = _chars.AsSpan(0, RemoveWhitespace(_chars.AsSpan(0, available)));
        var decoded = 0;
        while (true)
        {
            // A padded group ends a base64 run, so decode up to and including it, then go on.
            var padding = chars.IndexOf((byte)'=');
            var end = padding < 0 ? chars.Length / 4 * 4 : ((padding / 4) + 1) * 4;
            if (end == 0 || end > chars.Length)
            {
                break;
            }
            if (Base64.DecodeFromUtf8(chars[..end], _bytes.AsSpan(decoded), out _, out var written) != OperationStatus.Done)
            {
                throw new RpcException(StatusCode.Internal, "The gRPC-Web text body is not valid base64.");
            }
            decoded += written;
            chars = chars[end..];
        }
        chars.CopyTo(_chars);
        _charCount = chars.Length;
        _byteStart = 0;
        _byteEnd = decoded;
    }

    private static int RemoveWhitespace(Span<byte> chars)
    {
        var kept = 0;
        foreach (var c in chars)
        {
            if (c is not ((byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t'))
            {
                chars[kept++] = c;
            }
        }
        return kept;
    }
}
