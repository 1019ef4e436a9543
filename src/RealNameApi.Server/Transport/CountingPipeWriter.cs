using System.IO.Pipelines;

namespace RealNameApi.Server.Transport;

/// <summary>
/// The output of a connection, written through, counting the bytes the server has sent into it
/// (<see cref="Written"/>, safe to read from another thread): what a reader of the answers may
/// acknowledge with WINDOW_UPDATEs (<see cref="ControlFrameBudgetReader"/>).
/// </summary>
internal sealed class CountingPipeWriter(PipeWriter inner) : PipeWriter
{
    private long _written;

    /// <summary>The bytes written so far.</summary>
    public long Written => Volatile.Read(ref _written);

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes;

    public override void Advance(int bytes)
    {
        Interlocked.Add(ref _written, bytes);
        inner.Advance(bytes);
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

    public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        Interlocked.Add(ref _written, source.Length);
        return inner.WriteAsync(source, cancellationToken);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
}
