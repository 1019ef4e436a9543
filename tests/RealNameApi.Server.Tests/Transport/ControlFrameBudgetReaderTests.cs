extern alias RealNameApiServer;

using System.IO.Pipelines;
using System.Text;
using RealNameApiServer::RealNameApi.Server.Transport;

namespace RealNameApi.Server.Tests.Transport;

/// <summary>
/// <see cref="ControlFrameBudgetReader"/> on a pipe, with no refill over time (0 a second) so that
/// each case spends a known budget: which frames it charges, where it ends the input, and that it
/// finds frame headers however the bytes are split into reads.
/// </summary>
public sealed class ControlFrameBudgetReaderTests
{
    private const byte Data = 0, Headers = 1, Priority = 2, RstStream = 3, Settings = 4, Ping = 6, WindowUpdate = 8, Continuation = 9, Unknown = 0xFA;
    private const byte EndStream = 0x1, EndHeaders = 0x4;
    private static readonly byte[] Preface = Encoding.ASCII.GetBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

    private static byte[] Frame(byte type, byte flags = 0, int stream = 0, int length = 0)
    {
        var frame = new byte[9 + length];
        frame[0] = (byte)(length >> 16);
        frame[1] = (byte)(length >> 8);
        frame[2] = (byte)length;
        frame[3] = type;
        frame[4] = flags;
        frame[5] = (byte)(stream >> 24);
        frame[8] = (byte)stream;
        return frame;
    }

    private static byte[] Connection(params byte[][] frames) => [.. Preface, .. frames.SelectMany(f => f)];

    // Feeds the bytes in writes of `chunk` bytes, reading after each and consuming nothing, as
    // Kestrel leaves a frame it has not yet received whole; returns the length of the input when
    // it ended and how many frames the reader had charged when it ended it early (null: never).
    private static async Task<(long Delivered, long? ChargedAtFlood)> RunAsync(byte[] bytes, double burst, int chunk)
    {
        var pipe = new Pipe();
        long? chargedAtFlood = null;
        var reader = new ControlFrameBudgetReader(pipe.Reader, tokensPerSecond: 0, burst, () => 0, charged => chargedAtFlood = charged);
        for (var offset = 0; ; offset += chunk)
        {
            if (offset < bytes.Length)
            {
                await pipe.Writer.WriteAsync(bytes.AsMemory(offset, Math.Min(chunk, bytes.Length - offset)));
            }
            else
            {
                await pipe.Writer.CompleteAsync();
            }

            var result = await reader.ReadAsync();
            if (result.IsCompleted)
            {
                return (result.Buffer.Length, chargedAtFlood);
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(9)]
    [InlineData(4096)]
    public async Task The_input_ends_just_before_the_first_control_frame_beyond_the_budget_however_the_reads_split(int chunk)
    {
        var pings = Enumerable.Range(0, 10).Select(_ => Frame(Ping, length: 8)).ToArray();
        var bytes = Connection([Frame(Settings, length: 6), .. pings]);

        var (delivered, charged) = await RunAsync(bytes, burst: 5, chunk);

        // SETTINGS and four PINGs spend the five tokens; the fifth PING is the sixth charge.
        Assert.Equal(6, charged);
        Assert.Equal(Preface.Length + (9 + 6) + (4 * (9 + 8)), delivered);
    }

    [Fact]
    public async Task Window_updates_priority_empty_data_and_unknown_frames_are_charged()
    {
        var bytes = Connection(Frame(WindowUpdate, length: 4), Frame(Priority, stream: 1, length: 5), Frame(Data, stream: 1), Frame(Unknown, length: 3), Frame(Ping, length: 8));

        var (delivered, charged) = await RunAsync(bytes, burst: 4, chunk: 4096);

        Assert.Equal(5, charged);
        Assert.Equal(bytes.Length - (9 + 8), delivered);
    }

    [Fact]
    public async Task Requests_data_with_bytes_the_end_of_a_stream_continuations_and_resets_are_free()
    {
        var bytes = Connection(
            Frame(Headers, EndHeaders, stream: 1, length: 20),
            Frame(Data, stream: 1, length: 30_000), // a payload longer than several reads, skipped unread
            Frame(Data, EndStream, stream: 1),
            Frame(Headers, 0, stream: 3, length: 10),
            Frame(Continuation, EndHeaders, stream: 3, length: 10),
            Frame(RstStream, stream: 3, length: 4));

        var (delivered, charged) = await RunAsync(bytes, burst: 1, chunk: 1000);

        Assert.Null(charged);
        Assert.Equal(bytes.Length, delivered);
    }

    [Fact]
    public async Task Each_request_earns_two_control_frames_up_to_the_burst()
    {
        // Burst 3: two requests would earn four, but the bucket holds three.
        var bytes = Connection(
            Frame(Ping, length: 8), Frame(Ping, length: 8), Frame(Ping, length: 8), // the burst, spent
            Frame(Headers, EndHeaders | EndStream, stream: 1, length: 5),
            Frame(Headers, EndHeaders | EndStream, stream: 3, length: 5),
            Frame(WindowUpdate, length: 4), Frame(WindowUpdate, length: 4), Frame(WindowUpdate, length: 4),
            Frame(WindowUpdate, length: 4));

        var (delivered, charged) = await RunAsync(bytes, burst: 3, chunk: 4096);

        Assert.Equal(7, charged);
        Assert.Equal(bytes.Length - (9 + 4), delivered);
    }

    [Fact]
    public async Task Time_refills_the_budget()
    {
        var pipe = new Pipe();
        var flooded = false;
        var reader = new ControlFrameBudgetReader(pipe.Reader, tokensPerSecond: 50, burst: 2, () => 0, _ => flooded = true);
        await pipe.Writer.WriteAsync(Connection(Frame(Ping, length: 8), Frame(Ping, length: 8)));
        var first = await reader.ReadAsync();
        reader.AdvanceTo(first.Buffer.End);

        await Task.Delay(TimeSpan.FromMilliseconds(200)); // 10 tokens' worth, held to the burst of 2
        await pipe.Writer.WriteAsync(Connection(Frame(Ping, length: 8), Frame(Ping, length: 8)).AsMemory(Preface.Length));
        var second = await reader.ReadAsync();

        Assert.False(flooded);
        Assert.False(second.IsCompleted);
        Assert.Equal(2 * (9 + 8), second.Buffer.Length);
    }

    [Fact]
    public async Task Bytes_sent_to_the_client_earn_its_window_updates()
    {
        var pipe = new Pipe();
        long sent = 0;
        long? chargedAtFlood = null;
        var reader = new ControlFrameBudgetReader(pipe.Reader, tokensPerSecond: 0, burst: 10, () => sent, charged => chargedAtFlood = charged);
        byte[] Updates(int count) => [.. Enumerable.Range(0, count).SelectMany(_ => Frame(WindowUpdate, length: 4))];
        await pipe.Writer.WriteAsync(Connection(Updates(10))); // the burst, spent
        var first = await reader.ReadAsync();
        reader.AdvanceTo(first.Buffer.End);

        // 16 KB sent since earn four more: of five WINDOW_UPDATEs, the fifth is one too many.
        sent = 4 * (long)ControlFrameBudgetReader.BytesSentPerToken;
        await pipe.Writer.WriteAsync(Updates(5));
        var second = await reader.ReadAsync();

        Assert.False(first.IsCompleted);
        Assert.True(second.IsCompleted);
        Assert.Equal(4 * (9 + 4), second.Buffer.Length);
        Assert.Equal(15, chargedAtFlood);
    }

    [Fact]
    public async Task After_a_flood_every_read_is_empty_and_complete()
    {
        var pipe = new Pipe();
        var reader = new ControlFrameBudgetReader(pipe.Reader, tokensPerSecond: 0, burst: 1, () => 0, _ => { });
        await pipe.Writer.WriteAsync(Connection(Frame(Ping, length: 8), Frame(Ping, length: 8)));
        var flooded = await reader.ReadAsync();
        reader.AdvanceTo(flooded.Buffer.End);
        await pipe.Writer.WriteAsync(Frame(Headers, EndHeaders, stream: 1, length: 5));

        var next = await reader.ReadAsync();

        Assert.True(flooded.IsCompleted);
        Assert.True(next.IsCompleted);
        Assert.Equal(0, next.Buffer.Length);
    }
}
