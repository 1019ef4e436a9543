using Google.Protobuf;
using RealNameApi.Rpc.Tests.Echo;
using RealNameApi.Rpc.Tests.Infrastructure;

namespace RealNameApi.Rpc.Tests;

/// <summary>Status codes, percent-encoded messages and rich error details, end to end.</summary>
public sealed class ErrorTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly TestServer _server = fixture.Server;

    [Fact]
    public async Task Rich_error_details_round_trip_with_typed_accessors()
    {
        using var channel = _server.Channel();
        var request = new EchoRequest { Fail = new Failure { Code = (int)StatusCode.InvalidArgument, Message = "Bad echo", Rich = true } };

        var error = await Assert.ThrowsAsync<RpcException>(async () => await channel.UnaryCall(EchoMethods.Echo, request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("Bad echo", error.Status.Detail);
        Assert.NotNull(error.Details);
        Assert.Equal((int)StatusCode.InvalidArgument, error.Details.Code);
        Assert.Equal(
            [("message", "Must not be empty.", "REQUIRED"), ("payload", "Too long.", "")],
            error.BadRequest!.FieldViolations.Select(v => (v.Field, v.Description, v.Reason)));
        Assert.Equal("ECHO_REFUSED", error.ErrorInfo!.Reason);
        Assert.Equal("rpctest.v1", error.ErrorInfo.Domain);
        Assert.Equal("10", error.ErrorInfo.Metadata["limit"]);
        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryInfo!.RetryDelay.ToTimeSpan());
        Assert.Equal("zh-CN", error.LocalizedMessage!.Locale);
        Assert.Equal("请求无效：消息为空。", error.LocalizedMessage.Message);
    }

    [Fact]
    public async Task A_handler_that_returns_no_response_message_is_internal()
    {
        await using var server = await TestServer.StartAsync(
            mapDefaults: false,
            map: app => app.MapRpcService<SilentHandler>(EchoReflection.Descriptor.Services[0]));
        using var channel = server.Channel();

        var unary = await Assert.ThrowsAsync<RpcException>(async () => await channel.UnaryCall(EchoMethods.Echo, new EchoRequest()));
        using var collect = channel.ClientStreamingCall(EchoMethods.Collect);
        await collect.RequestStream.CompleteAsync();
        var clientStreaming = await Assert.ThrowsAsync<RpcException>(async () => await collect);

        Assert.Equal(StatusCode.Internal, unary.StatusCode);
        Assert.Equal(StatusCode.Internal, clientStreaming.StatusCode);
        Assert.Equal("Exception was thrown by handler.", unary.Status.Detail);
    }

    [Fact]
    public async Task Error_details_travel_unpadded_base64_in_a_trailers_only_response()
    {
        using var http = RawGrpc.Client();
        var request = new EchoRequest { Fail = new Failure { Code = (int)StatusCode.NotFound, Message = "no", Rich = true } };

        var response = await RawGrpc.SendAsync(http, RawGrpc.Request(_server.GrpcAddress, "/rpctest.v1.EchoService/Echo", new ByteArrayContent(RawGrpc.Frame(request))));

        Assert.True(response.IsTrailersOnly);
        Assert.Equal(StatusCode.NotFound, response.GrpcStatus);
        var details = response.Headers["grpc-status-details-bin"];
        Assert.DoesNotContain('=', details);
        var padded = details + new string('=', (4 - (details.Length % 4)) % 4);
        var status = Google.Rpc.Status.Parser.ParseFrom(Convert.FromBase64String(padded));
        Assert.Equal((int)StatusCode.NotFound, status.Code);
        Assert.Equal(4, status.Details.Count);
    }

    [Fact]
    public async Task Status_message_is_percent_encoded_on_the_wire_and_decoded_by_the_client()
    {
        const string message = "无效 100% \r\n résumé";
        using var http = RawGrpc.Client();
        var request = new EchoRequest { Fail = new Failure { Code = (int)StatusCode.FailedPrecondition, Message = message } };

        var raw = await RawGrpc.SendAsync(http, RawGrpc.Request(_server.GrpcAddress, "/rpctest.v1.EchoService/Echo", new ByteArrayContent(RawGrpc.Frame(request))));
        using var channel = _server.Channel();
        var error = await Assert.ThrowsAsync<RpcException>(async () => await channel.UnaryCall(EchoMethods.Echo, request));

        Assert.Equal("%E6%97%A0%E6%95%88 100%25 %0D%0A r%C3%A9sum%C3%A9", raw.GrpcMessage);
        Assert.Equal(message, error.Status.Detail);
    }

    [Fact]
    public async Task Unhandled_exception_is_internal_and_leaks_nothing()
    {
        const string secret = "110101199003074514 张三";
        using var channel = _server.Channel();

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await channel.UnaryCall(EchoMethods.Echo, new EchoRequest { Message = secret, ThrowException = true }));

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Equal("Exception was thrown by handler.", error.Status.Detail);
        Assert.DoesNotContain(EchoHandler.SecretInException, error.Message);
        // The operator learns which call failed and where, but never the message or the exception text.
        var logged = string.Join("\n", _server.Logs.Lines);
        Assert.Contains("/rpctest.v1.EchoService/Echo failed with INTERNAL", logged);
        Assert.Contains(nameof(InvalidOperationException), logged);
        Assert.DoesNotContain(secret, logged);
        Assert.DoesNotContain(EchoHandler.SecretInException, logged);
    }

    [Fact]
    public async Task Error_after_streamed_messages_arrives_in_the_trailers()
    {
        using var channel = _server.Channel();
        using var call = channel.ServerStreamingCall(EchoMethods.Expand,
            new EchoRequest { Repeat = 3, Fail = new Failure { Code = (int)StatusCode.Aborted, Message = "stopped" } });

        var received = 0;
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext())
            {
                received++;
            }
        });

        Assert.Equal(3, received);
        Assert.Equal(StatusCode.Aborted, error.StatusCode);
        Assert.Equal(StatusCode.Aborted, call.GetStatus().Code);
    }

    [Fact]
    public async Task Error_in_a_duplex_call_ends_it_with_the_status()
    {
        using var channel = _server.Channel();
        using var call = channel.DuplexStreamingCall(EchoMethods.Chat);
        await call.RequestStream.WriteAsync(new EchoRequest { Message = "ok" });
        Assert.True(await call.ResponseStream.MoveNext());

        await call.RequestStream.WriteAsync(new EchoRequest { Fail = new Failure { Code = (int)StatusCode.PermissionDenied, Message = "denied" } });
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        var afterEnd = await Assert.ThrowsAsync<RpcException>(() => call.RequestStream.WriteAsync(new EchoRequest()));
        Assert.Equal(StatusCode.PermissionDenied, afterEnd.StatusCode);
    }

    [Fact]
    public void Metadata_rejects_keys_and_values_the_protocol_forbids()
    {
        var metadata = new Metadata();

        Assert.Throws<ArgumentException>(() => metadata.Add("bad key", "v"));
        Assert.Throws<ArgumentException>(() => metadata.Add("x-bin", "text for a binary key"));
        Assert.Throws<ArgumentException>(() => metadata.Add("x-text", [1, 2]));
        Assert.Throws<ArgumentException>(() => metadata.Add("x-text", "line\nbreak"));
        Assert.Equal("v", metadata.Add("X-Upper", "v").GetValue("x-upper"));
        Assert.DoesNotContain("secret", metadata.Add("x-token", "secret").Single(e => e.Key == "x-token").ToString());
    }

    /// <summary>Answers single-response calls with null, which no handler may do.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "The layer binds handlers as instance methods.")]
    private sealed class SilentHandler
    {
        public Task<EchoResponse> Echo(EchoRequest request, ServerCallContext context) => Task.FromResult<EchoResponse>(null!);

        public Task Expand(EchoRequest request, IServerStreamWriter<EchoResponse> responseStream, ServerCallContext context) => Task.CompletedTask;

        public Task<EchoResponse> Collect(IAsyncStreamReader<EchoRequest> requestStream, ServerCallContext context) => Task.FromResult<EchoResponse>(null!);

        public Task Chat(IAsyncStreamReader<EchoRequest> requestStream, IServerStreamWriter<EchoResponse> responseStream, ServerCallContext context) => Task.CompletedTask;
    }
}
