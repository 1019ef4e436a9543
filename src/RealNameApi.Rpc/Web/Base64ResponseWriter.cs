using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;

namespace RealNameApi.Rpc.Web;

/// <summary>
/// The response body of <c>application/grpc-web-text</c>: bytes written here are buffered and
/// base64-encoded, with padding, at each flush. The server flushes after whole frames, so padding
/// falls at frame boundaries, as PROTOCOL-WEB describes.
/// </summary>
internal sealed class Base64ResponseWriter(PipeWriter inner) : PipeWriter
{
    private readonly ArrayBufferWriter<byte> _pending = new(256);

    public override void Advance(int bytes) => _pending.Advance(bytes);

    public override Memory<byte> GetMemory(int sizeHint = 0) => _pending.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => _pending.GetSpan(sizeHint);

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null)
    {
        EncodePending();
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        EncodePending();
        return inner.FlushAsync(cancellationToken);
    }

    private void EncodePending()
    {
        if (_pending.WrittenCount == 0)
        {
            return;
        }
        var source = _pending.WrittenSpan;
        var destination = inner.GetSpan(Base64.GetMaxEncodedToUtf8Length(source.Length));
        Base64.EncodeToUtf8(source, destination, out _, out var written);
        inner.Advance(written);
        // Start over at the beginning of the rented buffer.
        _pending.ResetWrittenCount();
    }
}
