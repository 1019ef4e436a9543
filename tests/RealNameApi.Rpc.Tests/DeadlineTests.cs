using System.Net.Sockets;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Builder;
using RealNameApi.Rpc.Client;
using RealNameApi.Rpc.Tests.Echo;
using RealNameApi.Rpc.Tests.Infrastructure;

namespace RealNameApi.Rpc.Tests;

/// <summary>Deadlines (grpc-timeout) and cancellation, seen by the client and by the handler's token.</summary>
public sealed class DeadlineTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly TestServer _server = fixture.Server;

    // A handler that ignores its token holds the request (and the server's shutdown) for its whole
    // delay, so that delay is kept short, yet far longer than the deadlines used.
    private static EchoRequest Slow(string callId, bool ignoreCancellation = false) => new()
    {
        CallId = callId,
        Delay = Duration.FromTimeSpan(ignoreCancellation ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(20)),
        IgnoreCancellation = ignoreCancellation,
    };

    [Fact]
    public async Task Deadline_fails_the_call_and_fires_the_handlers_token()
    {
        var callId = Guid.NewGuid().ToString();
        using var channel = _server.Channel();
        await channel.UnaryCall(EchoMethods.Echo, new EchoRequest()); // opens the connection outside the deadline

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await channel.UnaryCall(EchoMethods.Echo, Slow(callId), new CallOptions().WithTimeout(TimeSpan.FromSeconds(1))));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        // Client and server both enforce the deadline. The server's clock starts when the request
        // arrives, so on a loaded machine the client's reset can come first: either way the handler's
        // token fires. The server acting alone is Server_enforces_grpc_timeout_on_its_own.
        var reason = await _server.Observer.WaitCancelledAsync(callId);
        Assert.True(reason is "deadline" or "client", reason);
    }

    [Fact]
    public async Task Server_enforces_grpc_timeout_on_its_own()
    {
        // No client-side deadline: only the grpc-timeout header, so the answer must come from the server.
        var callId = Guid.NewGuid().ToString();
        using var http = RawGrpc.Client();

        var response = await RawGrpc.SendAsync(http, RawGrpc.Request(_server.GrpcAddress, "/rpctest.v1.EchoService/Echo",
            new ByteArrayContent(RawGrpc.Frame(Slow(callId))), headers: ("grpc-timeout", "200m")));

        Assert.Equal(StatusCode.DeadlineExceeded, response.GrpcStatus);
        Assert.Equal("Deadline exceeded.", response.GrpcMessage);
        Assert.Equal("deadline", await _server.Observer.WaitCancelledAsync(callId));
    }

    [Fact]
    public async Task Server_answers_deadline_exceeded_itself_even_when_the_handler_ignores_its_token()
    {
        // No client-side deadline here: only the grpc-timeout header, so the answer must come from the server.
        using var http = RawGrpc.Client();
        var started = DateTime.UtcNow;

        var response = await RawGrpc.SendAsync(http, RawGrpc.Request(_server.GrpcAddress, "/rpctest.v1.EchoService/Echo",
            new ByteArrayContent(RawGrpc.Frame(Slow(Guid.NewGuid().ToString(), ignoreCancellation: true))), headers: ("grpc-timeout", "200m")));

        Assert.Equal(StatusCode.DeadlineExceeded, response.GrpcStatus);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2), "The server must not wait for the handler.");
    }

    [Theory]
    [InlineData("1H")]
    [InlineData("1M")]
    [InlineData("30S")]
    [InlineData("30000m")]
    [InlineData("30000000u")]
    [InlineData("99999999n")]
    public async Task Every_timeout_unit_is_understood(string timeout)
    {
        using var http = RawGrpc.Client();

        var response = await RawGrpc.SendAsync(http, RawGrpc.Request(_server.GrpcAddress, "/rpctest.v1.EchoService/Echo",
            new ByteArrayContent(RawGrpc.Frame(new EchoRequest { Message = "in time" }))));
        var timed = await RawGrpc.SendAsync(http, RawGrpc.Request(_server.GrpcAddress, "/rpctest.v1.EchoService/Echo",
            new ByteArrayContent(RawGrpc.Frame(new EchoRequest { Message = "in time" })), headers: ("grpc-timeout", timeout)));

        Assert.Equal(StatusCode.OK, response.GrpcStatus);
        Assert.Equal(StatusCode.OK, timed.GrpcStatus);
    }

    [Fact]
    public async Task A_short_nanosecond_timeout_expires()
    {
        using var http = RawGrpc.Client();

        var response = await RawGrpc.SendAsync(http, RawGrpc.Request(_server.GrpcAddress, "/rpctest.v1.EchoService/Echo",
            new ByteArrayContent(RawGrpc.Frame(Slow(Guid.NewGuid().ToString()))), headers: ("grpc-timeout", "50000000n")));

        Assert.Equal(StatusCode.DeadlineExceeded, response.GrpcStatus);
    }

    [Fact]
    public async Task Cancelling_a_call_resets_the_stream_and_fires_the_handlers_token()
    {
        var callId = Guid.NewGuid().ToString();
        using var channel = _server.Channel();
        using var cancellation = new CancellationTokenSource();
        var call = channel.UnaryCall(EchoMethods.Echo, Slow(callId), new CallOptions { CancellationToken = cancellation.Token });

        await _server.Observer.WaitStartedAsync(callId);
        await cancellation.CancelAsync();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await call);
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.Equal("client", await _server.Observer.WaitCancelledAsync(callId));
    }

    [Fact]
    public async Task Disposing_the_channel_cancels_its_running_calls()
    {
        var callId = Guid.NewGuid().ToString();
        var channel = _server.Channel();
        var call = channel.UnaryCall(EchoMethods.Echo, Slow(callId));
        await _server.Observer.WaitStartedAsync(callId);

        channel.Dispose();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await call);
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.Equal("client", await _server.Observer.WaitCancelledAsync(callId));
        Assert.Throws<ObjectDisposedException>(() => channel.UnaryCall(EchoMethods.Echo, new EchoRequest()));
    }

    [Fact]
    public async Task Disposing_a_server_stream_midway_fires_the_handlers_token()
    {
        var callId = Guid.NewGuid().ToString();
        using var channel = _server.Channel();
        var call = channel.ServerStreamingCall(EchoMethods.Expand, new EchoRequest
        {
            Repeat = 2,
            CallId = callId,
            Delay = Duration.FromTimeSpan(TimeSpan.FromSeconds(20)),
        });
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.True(await call.ResponseStream.MoveNext());
        await _server.Observer.WaitStartedAsync(callId);

        call.Dispose();

        Assert.Equal("client", await _server.Observer.WaitCancelledAsync(callId));
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().Code);
    }

    [Fact]
    public async Task A_client_leaving_while_the_handler_reads_is_a_cancellation_not_a_server_fault()
    {
        // Kestrel fails the pending body read as soon as the stream is reset or the connection
        // drops, before RequestAborted fires, so the failed read itself must count as the client leaving.
        await using var server = await TestServer.StartAsync();
        const int Connections = 10, CallsPerConnection = 50, Calls = Connections * CallsPerConnection;
        for (var i = 0; i < Connections; i++)
        {
            Socket? socket = null;
            var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (context, token) =>
                {
                    socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    await socket.ConnectAsync(context.DnsEndPoint, token);
                    return new NetworkStream(socket, ownsSocket: true);
                },
            };
            using var channel = server.Channel(new RpcChannelOptions { HttpHandler = handler });
            var calls = new List<AsyncDuplexStreamingCall<EchoRequest, EchoResponse>>();
            for (var j = 0; j < CallsPerConnection; j++)
            {
                var call = channel.DuplexStreamingCall(EchoMethods.Chat);
                calls.Add(call);
                await call.RequestStream.WriteAsync(new EchoRequest { Message = "ping" });
                Assert.True(await call.ResponseStream.MoveNext()); // the handler now waits for the next request
            }

            if (i % 2 == 0)
            {
                calls.ForEach(call => call.Dispose()); // RST_STREAM on each
            }
            else
            {
                socket!.Dispose(); // the connection drops under every call
                calls.ForEach(call => call.Dispose());
            }
        }

        for (var waited = 0; waited < 100 && server.Logs.Lines.Count(IsChatEnd) < Calls; waited++)
        {
            await Task.Delay(100);
        }

        Assert.DoesNotContain(server.Logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal));
        Assert.Equal(Calls, server.Logs.Lines.Count(line => line.Contains("Chat was cancelled by the client.", StringComparison.Ordinal)));

        static bool IsChatEnd(string line) => line.Contains("Call /rpctest.v1.EchoService/Chat", StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_body_failing_in_the_transport_ends_the_call_as_cancelled()
    {
        // What Kestrel does when a stream is reset, made deterministic: the body's second read fails.
        await using var server = await TestServer.StartAsync(map: app => app.Use((context, next) =>
        {
            context.Request.Body = new BodyResetAfter(RawGrpc.Frame(new EchoRequest { Message = "first" }));
            return next(context);
        }));
        using var channel = server.Channel();
        using var call = channel.ClientStreamingCall(EchoMethods.Collect);
        await call.RequestStream.WriteAsync(new EchoRequest { Message = "ignored: the body is replaced" });
        await call.RequestStream.CompleteAsync();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await call);

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.Contains(server.Logs.Lines, line => line.Contains("Call /rpctest.v1.EchoService/Collect was cancelled by the client.", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deadline_applies_to_streaming_calls_too()
    {
        var callId = Guid.NewGuid().ToString();
        using var channel = _server.Channel();
        // The connection is opened first, so that the deadline covers the call alone and the first
        // write cannot spend it on a loaded machine.
        await channel.UnaryCall(EchoMethods.Echo, new EchoRequest());
        using var call = channel.DuplexStreamingCall(EchoMethods.Chat, new CallOptions().WithTimeout(TimeSpan.FromSeconds(1)));
        await call.RequestStream.WriteAsync(Slow(callId));

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        var reason = await _server.Observer.WaitCancelledAsync(callId);
        Assert.True(reason is "deadline" or "client", reason);
    }

    [Fact]
    public async Task A_deadline_already_past_fails_locally_without_a_request()
    {
        using var channel = RpcChannel.ForAddress("http://127.0.0.1:1"); // nothing listens there

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await channel.UnaryCall(EchoMethods.Echo, new EchoRequest(), new CallOptions { Deadline = DateTime.UtcNow.AddSeconds(-1) }));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    [Fact]
    public async Task An_unreachable_server_is_unavailable()
    {
        using var channel = RpcChannel.ForAddress("http://127.0.0.1:1");

        var error = await Assert.ThrowsAsync<RpcException>(async () => await channel.UnaryCall(EchoMethods.Echo, new EchoRequest()));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    /// <summary>A request body that yields one frame, then fails as Kestrel's does when the client resets the stream.</summary>
    private sealed class BodyResetAfter(byte[] frame) : Stream
    {
        private int _sent;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_sent == frame.Length)
            {
                throw new IOException("The client reset the request stream.");
            }
            var count = Math.Min(buffer.Length, frame.Length - _sent);
            frame.AsMemory(_sent, count).CopyTo(buffer);
            _sent += count;
            return ValueTask.FromResult(count);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
