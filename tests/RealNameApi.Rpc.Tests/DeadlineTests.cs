using Google.Protobuf.WellKnownTypes;
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

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await channel.UnaryCall(EchoMethods.Echo, Slow(callId), new CallOptions().WithTimeout(TimeSpan.FromMilliseconds(300))));

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
    public async Task Deadline_applies_to_streaming_calls_too()
    {
        var callId = Guid.NewGuid().ToString();
        using var channel = _server.Channel();
        using var call = channel.DuplexStreamingCall(EchoMethods.Chat, new CallOptions().WithTimeout(TimeSpan.FromMilliseconds(300)));
        await call.RequestStream.WriteAsync(Slow(callId));

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Equal("deadline", await _server.Observer.WaitCancelledAsync(callId));
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
}
