using System.Text;

namespace RealNameApi.Server.Tests.Infrastructure;

/// <summary>
/// Sends one kind of HTTP/2 frame over a fresh connection as fast as the server takes it, until
/// the server closes the connection or a bound (frames, time) is reached.
/// </summary>
public static class Http2Flood
{
    public const byte Data = 0, Headers = 1, Priority = 2, Settings = 4, Ping = 6, WindowUpdate = 8;

    public static readonly byte[] Preface = Encoding.ASCII.GetBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

    /// <summary>The frames sent, and whether the server closed the connection before the bounds.</summary>
    public sealed record Outcome(int Sent, bool Closed);

    public static byte[] Frame(byte type, byte flags, int stream, params byte[] payload)
    {
        var frame = new byte[9 + payload.Length];
        frame[0] = (byte)(payload.Length >> 16);
        frame[1] = (byte)(payload.Length >> 8);
        frame[2] = (byte)payload.Length;
        frame[3] = type;
        frame[4] = flags;
        frame[5] = (byte)(stream >> 24);
        frame[6] = (byte)(stream >> 16);
        frame[7] = (byte)(stream >> 8);
        frame[8] = (byte)stream;
        payload.CopyTo(frame, 9);
        return frame;
    }

    /// <summary>The frame a flood of <paramref name="type"/> repeats; empty DATA goes to stream 1 (see <see cref="OpenStream"/>).</summary>
    public static byte[] FloodFrame(byte type) => type switch
    {
        Ping => Frame(Ping, 0, 0, new byte[8]),
        Settings => Frame(Settings, 0, 0),
        WindowUpdate => Frame(WindowUpdate, 0, 0, 0, 0, 0, 1),
        Priority => Frame(Priority, 0, 3, 0, 0, 0, 0, 16),
        Data => Frame(Data, 0, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>HEADERS that open stream 1, a gRPC call to <paramref name="path"/> whose message never comes.</summary>
    public static byte[] OpenStream(string authority, string path)
    {
        var block = new List<byte>();
        foreach (var (name, value) in new[] { (":method", "POST"), (":scheme", "http"), (":authority", authority), (":path", path), ("content-type", "application/grpc"), ("te", "trailers") })
        {
            // A literal field without indexing, with a new name, neither string Huffman-coded (RFC 7541, 6.2.2).
            block.Add(0);
            block.Add((byte)name.Length);
            block.AddRange(Encoding.ASCII.GetBytes(name));
            block.Add((byte)value.Length);
            block.AddRange(Encoding.ASCII.GetBytes(value));
        }

        return Frame(Headers, 0x4, 1, [.. block]); // END_HEADERS
    }

    /// <summary>
    /// Floods <paramref name="stream"/> (a connection, TLS or not, nothing sent yet) with
    /// <paramref name="type"/>, after the preface, SETTINGS and <paramref name="opening"/>.
    /// </summary>
    public static async Task<Outcome> RunAsync(Stream stream, byte type, byte[] opening, int maxFrames = 2_000_000, double maxSeconds = 10)
    {
        const int Batch = 1000;
        var frame = FloodFrame(type);
        var batch = new byte[frame.Length * Batch];
        for (var i = 0; i < Batch; i++)
        {
            frame.CopyTo(batch, i * frame.Length);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(maxSeconds));
        // Reads (and drops) what the server sends, so that its answers never block it; ends when it closes.
        var closed = DrainAsync(stream, timeout.Token);
        var sent = 0;
        try
        {
            await stream.WriteAsync(Preface.Concat(Frame(Settings, 0, 0)).Concat(opening).ToArray(), timeout.Token);
            while (sent < maxFrames && !closed.IsCompleted)
            {
                await stream.WriteAsync(batch, timeout.Token);
                sent += Batch;
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
        }

        var serverClosed = await closed;
        return new Outcome(sent, serverClosed);
    }

    private static async Task<bool> DrainAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (await stream.ReadAsync(buffer, cancellationToken) > 0)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
