using System.Buffers;
using System.IO.Pipelines;

namespace RealNameApi.Rpc.Web;

/// <summary>
/// Decodes a <c>grpc-web-text</c> body: base64 that may arrive in chunks, each padded on its own
/// ("AAAA" "BB==" "CCCC"). Quartets are decoded one by one, so padding in the middle of the body is
/// fine; a stray character or a dangling partial quartet is INTERNAL.
/// </summary>
internal static class Base64StreamDecoder
{
    /// <summary>Starts decoding <paramref name="encoded"/> and returns the reader of the decoded bytes.</summary>
    /// <param name="encoded">The base64 body.</param>
    /// <param name="maxMessageSize">The receive limit: the pipe must hold a whole message, since its
    /// reader waits for one before consuming anything, or the two would wait on each other.</param>
    public static PipeReader Start(PipeReader encoded, int maxMessageSize)
    {
        var pause = Math.Min((long)maxMessageSize + (64 * 1024), int.MaxValue);
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: pause, resumeWriterThreshold: pause / 2));
        _ = PumpAsync(encoded, pipe.Writer);
        return pipe.Reader;
    }

    private static async Task PumpAsync(PipeReader source, PipeWriter target)
    {
        var quartet = new byte[4];
        var filled = 0;
        Exception? error = null;
        try
        {
            while (true)
            {
                var result = await source.ReadAsync().ConfigureAwait(false);
                foreach (var segment in result.Buffer)
                {
                    filled = Decode(segment.Span, quartet, filled, target);
                }
                source.AdvanceTo(result.Buffer.End);
                var flush = await target.FlushAsync().ConfigureAwait(false);
                if (result.IsCompleted || flush.IsCompleted)
                {
                    if (filled != 0)
                    {
                        throw new RpcException(StatusCode.Internal, "The gRPC-Web text body ends in an incomplete base64 group.");
                    }
                    break;
                }
            }
        }
        catch (RpcException ex)
        {
            error = ex;
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException)
        {
            error = ex;
        }
        await target.CompleteAsync(error).ConfigureAwait(false);
    }

    private static int Decode(ReadOnlySpan<byte> chars, byte[] quartet, int filled, PipeWriter target)
    {
        foreach (var c in chars)
        {
            if (c is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t')
            {
                continue;
            }
            quartet[filled++] = c;
            if (filled < 4)
            {
                continue;
            }
            filled = 0;
            var span = target.GetSpan(3);
            var status = System.Buffers.Text.Base64.DecodeFromUtf8(quartet, span, out _, out var written);
            if (status != OperationStatus.Done)
            {
                throw new RpcException(StatusCode.Internal, "The gRPC-Web text body is not valid base64.");
            }
            target.Advance(written);
        }
        return filled;
    }
}
