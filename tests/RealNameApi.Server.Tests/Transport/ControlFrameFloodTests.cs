using System.Buffers.Binary;
using System.Net.Sockets;
using Google.Protobuf;
using RealNameApi.Contracts.V1;
using RealNameApi.Server.Tests.Infrastructure;
using RealNameApi.Testing;
using static RealNameApi.Server.Tests.Infrastructure.Calls;

namespace RealNameApi.Server.Tests.Transport;

/// <summary>
/// Floods of frames that carry no call, each on a connection of its own to the server process:
/// the server closes the connection once it is past its budget (Limits:Http2ControlFramesPerSecond,
/// 1,000 a second after a burst of 10,000), and answers calls on other connections meanwhile. The
/// attack suite measures the same floods, with the latency of a call beside them.
/// </summary>
[Collection(EmbeddedServerGroup.Name)]
public sealed class ControlFrameFloodTests(EmbeddedServer fixture)
{
    private readonly ServerProcess _server = fixture.Server;

    [Theory]
    [InlineData(Http2Flood.Ping)]
    [InlineData(Http2Flood.Settings)]
    [InlineData(Http2Flood.WindowUpdate)]
    [InlineData(Http2Flood.Priority)]
    [InlineData(Http2Flood.Data)]
    public async Task A_flood_of_frames_without_a_call_closes_its_connection_soon_after_the_burst(byte type)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_server.GrpcAddress.Host, _server.GrpcAddress.Port);
        var opening = type == Http2Flood.Data ? Http2Flood.OpenStream(_server.GrpcAddress.Authority, "/realname.v1.RemediationService/Diagnose") : [];

        var flood = await Http2Flood.RunAsync(tcp.GetStream(), type, opening, maxFrames: 5_000_000);

        Assert.True(flood.Closed, $"the connection was still open after {flood.Sent:N0} frames");
        // The burst, and what the sockets' buffers held when the server closed (up to some 10 MB
        // on loopback, a million of these frames); unchecked, all 5,000,000 went in a few seconds.
        Assert.InRange(flood.Sent, 10_000, 2_000_000);
        Assert.Equal(Category.FaceMismatch, (await Diagnose(_server)).Diagnosis.Category);
    }

    [Fact]
    public async Task A_busy_client_that_sends_a_PING_and_a_WINDOW_UPDATE_with_every_call_keeps_its_connection()
    {
        // 12,000 calls on one connection, 50 at a time, each with a PING and a WINDOW_UPDATE
        // beside it, as bandwidth probes and flow control may send them: 24,000 control frames,
        // more than the burst and a few seconds' refill, within what the calls earn.
        const int Calls = 12_000, Window = 50;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_server.GrpcAddress.Host, _server.GrpcAddress.Port);
        var stream = tcp.GetStream();
        var reader = new FrameReader(stream);
        await stream.WriteAsync(Http2Flood.Preface.Concat(Http2Flood.Frame(Http2Flood.Settings, 0, 0)).ToArray());
        var open = Http2Flood.OpenStream(_server.GrpcAddress.Authority, "/realname.v1.RemediationService/Diagnose");
        open[4] |= 0x1; // END_STREAM: a call with no message, answered at once (INTERNAL, in the trailers alone)
        var extras = Http2Flood.FloodFrame(Http2Flood.Ping).Concat(Http2Flood.FloodFrame(Http2Flood.WindowUpdate)).ToArray();
        for (var sent = 0; sent < Calls; sent += Window)
        {
            var batch = new List<byte>();
            for (var i = 0; i < Window; i++)
            {
                var streamId = (2 * (sent + i)) + 1;
                open[5] = (byte)(streamId >> 24);
                open[6] = (byte)(streamId >> 16);
                open[7] = (byte)(streamId >> 8);
                open[8] = (byte)streamId;
                batch.AddRange(open);
                batch.AddRange(extras);
            }

            await stream.WriteAsync(batch.ToArray());
            Assert.True(await reader.ReadEndedStreamsAsync(Window), $"the connection closed after {sent:N0} calls");
        }

        Assert.Equal(Category.FaceMismatch, (await Diagnose(_server)).Diagnosis.Category);
    }

    [Fact]
    public async Task A_client_that_acknowledges_every_DATA_frame_of_large_answers_keeps_its_connection()
    {
        // 100 BatchDiagnose calls of 100 items, one after another, each answer (about 0.4 MB)
        // acknowledged frame by frame for its stream and the connection, as some HTTP/2 clients
        // do: some 3,800 WINDOW_UPDATEs in a few seconds. On a server of its own whose budget is
        // a tenth of the default (100 a second, a burst of 1,000), that is beyond the burst, the
        // refill and what the calls alone earn, and within what the bytes sent earn.
        const int Calls = 100;
        await using var server = await ServerProcess.StartAsync(
            "acknowledging-reader", [.. EmbeddedServer.Unlimited, "--Limits:Http2ControlFramesPerSecond=100", "--Limits:Http2ControlFrameBurst=1000"]);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.GrpcAddress.Host, server.GrpcAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Http2Flood.Preface.Concat(Http2Flood.Frame(Http2Flood.Settings, 0, 0)).ToArray());
        var batch = new BatchDiagnoseRequest();
        batch.Requests.AddRange(Enumerable.Range(0, 100).Select(_ => new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch }));
        var message = new byte[5 + batch.CalculateSize()]; // the gRPC frame: uncompressed, its length, the message
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(1), message.Length - 5);
        batch.WriteTo(message.AsSpan(5));
        var open = Http2Flood.OpenStream(server.GrpcAddress.Authority, "/realname.v1.RemediationService/BatchDiagnose");
        var header = new byte[9];
        var updates = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        for (var call = 0; call < Calls; call++)
        {
            var streamId = (2 * call) + 1;
            open[5] = (byte)(streamId >> 24);
            open[6] = (byte)(streamId >> 16);
            open[7] = (byte)(streamId >> 8);
            open[8] = (byte)streamId;
            await stream.WriteAsync(open.Concat(Http2Flood.Frame(Http2Flood.Data, 0x1, streamId, message)).ToArray(), timeout.Token);
            var ended = false;
            while (!ended)
            {
                try
                {
                    await stream.ReadExactlyAsync(header, timeout.Token);
                }
                catch (Exception e) when (e is EndOfStreamException or IOException)
                {
                    Assert.Fail($"the connection closed after {call:N0} calls and {updates:N0} WINDOW_UPDATEs");
                }

                var length = (header[0] << 16) | (header[1] << 8) | header[2];
                await stream.ReadExactlyAsync(new byte[length], timeout.Token);
                ended = header[3] is Http2Flood.Data or Http2Flood.Headers && (header[4] & 0x1) != 0;
                if (header[3] == Http2Flood.Data && length > 0)
                {
                    byte[] increment = [(byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length];
                    await stream.WriteAsync(Http2Flood.Frame(Http2Flood.WindowUpdate, 0, streamId, increment).Concat(Http2Flood.Frame(Http2Flood.WindowUpdate, 0, 0, increment)).ToArray(), timeout.Token);
                    updates += 2;
                }
            }
        }

        Assert.InRange(updates, 3_000, int.MaxValue);
        Assert.Equal(Category.FaceMismatch, (await Diagnose(server)).Diagnosis.Category);
    }

    private static async Task<DiagnoseResponse> Diagnose(ServerProcess server)
    {
        using var channel = server.CreateChannel();
        return await new RemediationService.RemediationServiceClient(channel).DiagnoseAsync(new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch }, Options());
    }

    // Reads frames until the server has ended as many streams (HEADERS or DATA with END_STREAM).
    private sealed class FrameReader(NetworkStream stream)
    {
        private readonly byte[] _header = new byte[9];

        public async Task<bool> ReadEndedStreamsAsync(int count)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (count > 0)
            {
                try
                {
                    await stream.ReadExactlyAsync(_header, timeout.Token);
                    var length = (_header[0] << 16) | (_header[1] << 8) | _header[2];
                    await stream.ReadExactlyAsync(new byte[length], timeout.Token);
                }
                catch (Exception e) when (e is EndOfStreamException or IOException)
                {
                    return false;
                }

                if (_header[3] is 0 or 1 && (_header[4] & 0x1) != 0)
                {
                    count--;
                }
            }

            return true;
        }
    }
}
