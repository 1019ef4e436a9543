using System.Buffers.Binary;
using System.Net;
using System.Text;
using Google.Protobuf;
using RealNameApi.Rpc.Client;
using RealNameApi.Rpc.Tests.Echo;
using RealNameApi.Rpc.Tests.Infrastructure;

namespace RealNameApi.Rpc.Tests;

/// <summary>gRPC-Web (PROTOCOL-WEB): binary and base64 text, trailers in the body, CORS.</summary>
public sealed class GrpcWebTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly TestServer _server = fixture.Server;
    private readonly HttpClient _http1 = RawGrpc.Client(HttpVersion.Version11);

    public void Dispose() => _http1.Dispose();

    /// <summary>Splits a gRPC-Web body into its frames: (flags, payload).</summary>
    private static List<(byte Flags, byte[] Payload)> Frames(byte[] body)
    {
        var frames = new List<(byte, byte[])>();
        for (var offset = 0; offset < body.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(offset + 1));
            frames.Add((body[offset], body.AsSpan(offset + 5, length).ToArray()));
            offset += 5 + length;
        }
        return frames;
    }

    /// <summary>Decodes base64 that may be several padded chunks one after another.</summary>
    private static byte[] DecodeChunkedBase64(string text)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i += 4)
        {
            bytes.AddRange(Convert.FromBase64String(text.Substring(i, 4)));
        }
        return [.. bytes];
    }

    private Task<RawResponse> SendAsync(Uri server, string path, HttpContent content, string contentType, Version? version = null, params (string, string)[] headers) =>
        RawGrpc.SendAsync(version == HttpVersion.Version20 ? RawGrpc.Client() : _http1,
            RawGrpc.Request(server, path, content, version ?? HttpVersion.Version11, contentType, headers));

    [Fact]
    public async Task Binary_over_http1_ends_with_a_trailers_frame()
    {
        var response = await SendAsync(_server.HttpAddress, "/rpctest.v1.EchoService/Echo",
            new ByteArrayContent(RawGrpc.Frame(new EchoRequest { Message = "web" })), "application/grpc-web+proto", headers: ("x-grpc-web", "1"));

        Assert.Equal(HttpVersion.Version11, response.Version);
        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.Equal("application/grpc-web+proto", response.Headers["content-type"]);
        var frames = Frames(response.Body);
        Assert.Equal(2, frames.Count);
        Assert.Equal(0, frames[0].Flags);
        Assert.Equal("web", EchoResponse.Parser.ParseFrom(frames[0].Payload).Message);
        Assert.Equal(0x80, frames[1].Flags);
        Assert.Equal("grpc-status: 0\r\n", Encoding.ASCII.GetString(frames[1].Payload));
    }

    [Fact]
    public async Task Text_mode_accepts_chunked_padded_base64_and_answers_in_base64()
    {
        // The request frame, cut in three pieces, each base64-encoded with its own padding, and sent
        // as separate writes: what a browser client streaming text may produce.
        var frame = RawGrpc.Frame(new EchoRequest { Message = "文本模式" });
        var pieces = new[] { frame[..2], frame[2..7], frame[7..] }.Select(p => Convert.ToBase64String(p)).ToList();
        Assert.Contains(pieces, p => p.EndsWith('='));
        var body = Encoding.ASCII.GetBytes(string.Concat(pieces));

        var response = await SendAsync(_server.HttpAddress, "/rpctest.v1.EchoService/Echo",
            new RawGrpc.ChunkedContent(body, 8), "application/grpc-web-text", headers: ("accept", "application/grpc-web-text"));

        Assert.Equal("application/grpc-web-text+proto", response.Headers["content-type"]);
        var frames = Frames(DecodeChunkedBase64(Encoding.ASCII.GetString(response.Body)));
        Assert.Equal("文本模式", EchoResponse.Parser.ParseFrom(frames[0].Payload).Message);
        Assert.Equal(0x80, frames[1].Flags);
        Assert.Contains("grpc-status: 0", Encoding.ASCII.GetString(frames[1].Payload));
    }

    [Fact]
    public async Task Text_mode_server_stream_is_base64_frame_by_frame_with_the_status_in_the_trailers_frame()
    {
        var request = Convert.ToBase64String(RawGrpc.Frame(new EchoRequest
        {
            Message = "s",
            Repeat = 3,
            Fail = new Failure { Code = (int)StatusCode.Aborted, Message = "after three", Rich = true },
        }));

        var response = await SendAsync(_server.HttpAddress, "/rpctest.v1.EchoService/Expand",
            new StringContent(request), "application/grpc-web-text");

        var frames = Frames(DecodeChunkedBase64(Encoding.ASCII.GetString(response.Body)));
        Assert.Equal([0, 0, 0, 0x80], frames.Select(f => (int)f.Flags));
        var trailers = Encoding.ASCII.GetString(frames[3].Payload);
        Assert.Contains("grpc-status: 10\r\n", trailers);
        Assert.Contains("grpc-message: after three\r\n", trailers);
        Assert.Contains("grpc-status-details-bin: ", trailers);
    }

    [Fact]
    public async Task Invalid_base64_in_text_mode_is_internal()
    {
        var response = await SendAsync(_server.HttpAddress, "/rpctest.v1.EchoService/Echo",
            new StringContent("AAAA*AAA"), "application/grpc-web-text");

        Assert.Equal(StatusCode.Internal, response.GrpcStatus);
        Assert.Equal("The gRPC-Web text body is not valid base64.", response.GrpcMessage);
    }

    [Fact]
    public async Task Early_error_is_trailers_only_in_the_response_headers()
    {
        var response = await SendAsync(_server.HttpAddress, "/rpctest.v1.EchoService/Echo",
            new ByteArrayContent(RawGrpc.Frame(new EchoRequest { Fail = new Failure { Code = (int)StatusCode.NotFound, Message = "none" } })),
            "application/grpc-web");

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.Equal("application/grpc-web+proto", response.Headers["content-type"]);
        Assert.Equal(StatusCode.NotFound, response.GrpcStatus);
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task Grpc_web_works_over_http2_too()
    {
        var response = await SendAsync(_server.GrpcAddress, "/rpctest.v1.EchoService/Echo",
            new ByteArrayContent(RawGrpc.Frame(new EchoRequest { Message = "h2" })), "application/grpc-web+proto", HttpVersion.Version20);

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal([0, 0x80], Frames(response.Body).Select(f => (int)f.Flags));
        Assert.Empty(response.Trailers);
    }

    [Fact]
    public async Task Cors_preflight_from_an_allowed_origin_is_answered()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, new Uri(_server.HttpAddress, "/rpctest.v1.EchoService/Echo"));
        preflight.Headers.Add("Origin", TestServer.AllowedOrigin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type,x-grpc-web,x-user-agent,grpc-timeout");

        using var response = await _http1.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(TestServer.AllowedOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Equal("content-type,x-grpc-web,x-user-agent,grpc-timeout", response.Headers.GetValues("Access-Control-Allow-Headers").Single());
        Assert.Equal("600", response.Headers.GetValues("Access-Control-Max-Age").Single());
    }

    [Fact]
    public async Task Cors_preflight_from_another_origin_is_not_allowed()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, new Uri(_server.HttpAddress, "/rpctest.v1.EchoService/Echo"));
        preflight.Headers.Add("Origin", "https://evil.example.test");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");

        using var response = await _http1.SendAsync(preflight);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Cross_origin_call_exposes_the_status_headers()
    {
        var response = await SendAsync(_server.HttpAddress, "/rpctest.v1.EchoService/Echo",
            new ByteArrayContent(RawGrpc.Frame(new EchoRequest { Fail = new Failure { Code = 5, Message = "x" } })), "application/grpc-web",
            headers: ("Origin", TestServer.AllowedOrigin));

        Assert.Equal(TestServer.AllowedOrigin, response.Headers["access-control-allow-origin"]);
        Assert.Equal(["grpc-message", "grpc-status", "grpc-status-details-bin"], response.Headers["access-control-expose-headers"].Split(',').Order());
    }

    [Theory]
    [InlineData(GrpcWebMode.Binary)]
    [InlineData(GrpcWebMode.Text)]
    public async Task The_client_speaks_grpc_web_in_both_modes(GrpcWebMode mode)
    {
        using var channel = new RpcChannel(_server.HttpAddress, new RpcChannelOptions { WebMode = mode });

        var unary = await channel.UnaryCall(EchoMethods.Echo, new EchoRequest { Message = "unary", Payload = ByteString.CopyFrom(new byte[70_000]) });
        using var stream = channel.ServerStreamingCall(EchoMethods.Expand, new EchoRequest { Message = "s", Repeat = 5 });
        var streamed = await stream.ResponseStream.ReadAllAsync().Select(r => r.Index).ToListAsync();
        var error = await Assert.ThrowsAsync<RpcException>(async () => await channel.UnaryCall(EchoMethods.Echo,
            new EchoRequest { Fail = new Failure { Code = (int)StatusCode.InvalidArgument, Message = "bad", Rich = true } }));
        var late = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = channel.ServerStreamingCall(EchoMethods.Expand, new EchoRequest { Repeat = 1, Fail = new Failure { Code = (int)StatusCode.DataLoss, Message = "late" } });
            await call.ResponseStream.ReadAllAsync().ToListAsync();
        });

        Assert.Equal("unary", unary.Message);
        Assert.Equal(70_000, unary.Payload.Length);
        Assert.Equal([0, 1, 2, 3, 4], streamed);
        Assert.Equal(StatusCode.OK, stream.GetStatus().Code);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("message", error.BadRequest!.FieldViolations[0].Field);
        Assert.Equal(StatusCode.DataLoss, late.StatusCode);
        Assert.Equal("late", late.Status.Detail);
    }

    [Theory]
    [InlineData(GrpcWebMode.Binary)]
    [InlineData(GrpcWebMode.Text)]
    public async Task Calls_on_one_http1_connection_never_read_each_others_bodies(GrpcWebMode mode)
    {
        // A finished call must leave nothing reading its response: on HTTP/1.1 the next call's
        // response arrives on the same connection.
        using var channel = new RpcChannel(_server.HttpAddress, new RpcChannelOptions { WebMode = mode });

        for (var i = 0; i < 50; i++)
        {
            var unary = await channel.UnaryCall(EchoMethods.Echo, new EchoRequest { Payload = ByteString.CopyFrom(new byte[70_000]) })
                .ResponseAsync.WaitAsync(TimeSpan.FromSeconds(10));
            using var stream = channel.ServerStreamingCall(EchoMethods.Expand, new EchoRequest { Repeat = 3 });
            var streamed = await stream.ResponseStream.ReadAllAsync().CountAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal(70_000, unary.Payload.Length);
            Assert.Equal(3, streamed);
        }
    }

    [Fact]
    public async Task Grpc_web_is_415_when_not_enabled()
    {
        await using var server = await TestServer.StartAsync(options => options.GrpcWeb.Enabled = false);

        var response = await SendAsync(server.HttpAddress, "/rpctest.v1.EchoService/Echo",
            new ByteArrayContent(RawGrpc.Frame(new EchoRequest())), "application/grpc-web");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.HttpStatus);
        Assert.Equal("gRPC-Web is not enabled on this server.", response.GrpcMessage);
    }
}
