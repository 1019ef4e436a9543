using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace RealNameApi.Server.Transport;

/// <summary>
/// The input of an HTTP/2 connection, read through: it reads each frame's 9-byte header as the
/// bytes go by (never the payload) and charges the frames that cost the server work but carry
/// no call to a token bucket. Once the bucket is empty it ends the input before that frame, so
/// Kestrel handles none of the flood past it, and calls <c>onFlood</c> once.
/// </summary>
/// <remarks>
/// Charged: PING, SETTINGS, WINDOW_UPDATE, PRIORITY, frames of unknown type, and DATA with no
/// bytes that does not end its stream. Kestrel answers each, or parses it and drops it, at
/// about 14 million a second from one connection (the attack suite's WINDOW_UPDATE flood):
/// four such connections took the median of a Diagnose on another connection from 0.7 to 56 ms.
/// HEADERS, CONTINUATION, RST_STREAM (Kestrel's own rapid-reset limit), GOAWAY and DATA with
/// bytes are free. Each HEADERS frame earns <see cref="TokensPerRequest"/>: a gRPC client may
/// send a stream's WINDOW_UPDATE or a bandwidth-probe PING with each call. Each
/// <see cref="BytesSentPerToken"/> the server has sent (<paramref name="bytesSent"/>) earns one
/// more: a client that reads large answers acknowledges what it reads. Without it, the attack
/// suite's own filler, reading 100-item BatchDiagnose answers and acknowledging as Python's h2
/// does, was closed after some 20,000 WINDOW_UPDATEs in 8 s. Sending those bytes costs the
/// server far more than the frames they earn, so they buy a flood nothing.
/// </remarks>
internal sealed class ControlFrameBudgetReader(PipeReader inner, double tokensPerSecond, double burst, Func<long> bytesSent, Action<long> onFlood) : PipeReader
{
    /// <summary>The tokens a request (a HEADERS frame) earns, up to the burst.</summary>
    public const double TokensPerRequest = 2;

    /// <summary>
    /// The bytes sent that earn one token: a client acknowledging each 16 KB DATA frame, for its
    /// stream and its connection, spends one per 8 KB; half that leaves it room.
    /// </summary>
    public const double BytesSentPerToken = 4096;

    private const int FrameHeaderLength = 9;
    private const int ClientPrefaceLength = 24; // "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", before the first frame
    private const byte Data = 0, Headers = 1, Continuation = 9, RstStream = 3, GoAway = 7, PushPromise = 5;
    private const byte EndStream = 0x1;

    private readonly double _burst = burst;
    private double _tokens = burst; // full: a new connection may send its burst at once
    private long _refilledAt = Stopwatch.GetTimestamp();
    private long _charged;
    private long _sentSeen;

    // Where the next frame header starts, counted from the start of the buffer Kestrel was last
    // given; past its end while a payload is still arriving. Kestrel consumes whole frames only,
    // so what it consumes never ends inside a frame header.
    private long _nextHeader = ClientPrefaceLength;
    private ReadOnlySequence<byte> _last;
    private bool _flooded;

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var pending = inner.ReadAsync(cancellationToken);
        return pending.IsCompletedSuccessfully ? new ValueTask<ReadResult>(Inspect(pending.Result)) : InspectAsync(pending);
    }

    public override bool TryRead(out ReadResult result)
    {
        if (!inner.TryRead(out result))
        {
            return false;
        }

        result = Inspect(result);
        return true;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        _nextHeader -= _last.Slice(_last.Start, consumed).Length;
        inner.AdvanceTo(consumed, examined);
    }

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    // Most reads wait for the client: pooled, so that waiting allocates nothing per read.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReadResult> InspectAsync(ValueTask<ReadResult> pending) => Inspect(await pending.ConfigureAwait(false));

    private ReadResult Inspect(ReadResult result)
    {
        var buffer = result.Buffer;
        if (_flooded)
        {
            // Nothing more: the rest of the flood stays unread until the connection closes.
            _last = buffer.Slice(0, 0);
            return new ReadResult(_last, result.IsCanceled, isCompleted: true);
        }

        Span<byte> header = stackalloc byte[FrameHeaderLength];
        while (_nextHeader + FrameHeaderLength <= buffer.Length)
        {
            buffer.Slice(_nextHeader, FrameHeaderLength).CopyTo(header);
            var length = (header[0] << 16) | (header[1] << 8) | header[2];
            if (!Admit(type: header[3], flags: header[4], length))
            {
                _flooded = true;
                onFlood(_charged);
                _last = buffer.Slice(0, _nextHeader);
                return new ReadResult(_last, result.IsCanceled, isCompleted: true);
            }

            _nextHeader += FrameHeaderLength + length;
        }

        _last = buffer;
        return result;
    }

    private bool Admit(byte type, byte flags, int length)
    {
        switch (type)
        {
            case Headers:
                _tokens = Math.Min(_burst, _tokens + TokensPerRequest);
                return true;
            case Data when length > 0 || (flags & EndStream) != 0:
            case Continuation or RstStream or GoAway or PushPromise:
                return true;
        }

        _charged++;
        var now = Stopwatch.GetTimestamp();
        var sent = bytesSent();
        _tokens = Math.Min(_burst, _tokens + (Stopwatch.GetElapsedTime(_refilledAt, now).TotalSeconds * tokensPerSecond) + ((sent - _sentSeen) / BytesSentPerToken));
        _refilledAt = now;
        _sentSeen = sent;
        if (_tokens < 1)
        {
            return false;
        }

        _tokens--;
        return true;
    }
}
