using System.Net;
using System.Net.Sockets;
using System.Text;
using Google.Protobuf;
using RealNameApi.Rpc.Tests.Echo;
using RealNameApi.Rpc.Tests.Infrastructure;

namespace RealNameApi.Rpc.Tests;

/// <summary>
/// Malformed requests sent by hand over HTTP/2 (no gRPC client involved), each answered with the
/// status the protocol implies and a message that says what was wrong.
/// </summary>
public sealed class BadInputTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private const string EchoPath = "/rpctest.v1.EchoService/Echo";
    private readonly TestServer _server = fixture.Server;
    private readonly HttpClient _http = RawGrpc.Client();

    public void Dispose() => _http.Dispose();

    private Task<RawResponse> SendAsync(byte[] body, string path = EchoPath, string contentType = "application/grpc", params (string, string)[] headers) =>
        RawGrpc.SendAsync(_http, RawGrpc.Request(_server.GrpcAddress, path, new ByteArrayContent(body), contentType, headers));

    private static byte[] EchoFrame(string message = "hi") => RawGrpc.Frame(new EchoRequest { Message = message });

    [Fact]
    public async Task Truncated_length_prefix_is_internal()
    {
        var response = await SendAsync([0, 0, 0]);

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.Equal(StatusCode.Internal, response.GrpcStatus);
        Assert.Contains("inside a message's 5-byte length prefix", response.GrpcMessage);
        Assert.True(response.IsTrailersOnly);
    }

    [Fact]
    public async Task Length_prefix_longer_than_the_body_is_internal()
    {
        var response = await SendAsync(RawGrpc.Frame([8, 1], announcedLength: 100));

        Assert.Equal(StatusCode.Internal, response.GrpcStatus);
        Assert.Contains("announces more bytes than the body holds", response.GrpcMessage);
    }

    [Fact]
    public async Task Oversize_message_is_resource_exhausted_from_its_prefix_alone()
    {
        // Only the prefix is sent: the server must refuse from the announced length, without buffering 5 MB.
        var response = await SendAsync(RawGrpc.Frame([], announcedLength: 5 * 1024 * 1024));

        Assert.Equal(StatusCode.ResourceExhausted, response.GrpcStatus);
        Assert.Equal("Received message of 5242880 bytes exceeds the limit of 4194304 bytes.", response.GrpcMessage);
    }

    [Fact]
    public async Task Bytes_that_are_not_protobuf_are_internal()
    {
        var response = await SendAsync(RawGrpc.Frame([0xFF, 0xFF, 0xFF, 0xFF, 0xFF]));

        Assert.Equal(StatusCode.Internal, response.GrpcStatus);
        Assert.StartsWith("Failed to deserialize the request message", response.GrpcMessage);
    }

    [Fact]
    public async Task Unknown_flags_byte_is_internal()
    {
        var response = await SendAsync(RawGrpc.Frame(new EchoRequest().ToByteArray(), flags: 2));

        Assert.Equal(StatusCode.Internal, response.GrpcStatus);
        Assert.Contains("invalid flags byte 0x02", response.GrpcMessage);
    }

    [Fact]
    public async Task Compressed_flag_without_grpc_encoding_is_internal()
    {
        var response = await SendAsync(RawGrpc.Frame(new EchoRequest().ToByteArray(), flags: 1));

        Assert.Equal(StatusCode.Internal, response.GrpcStatus);
        Assert.Contains("compressed flag set but the request's grpc-encoding is identity or missing", response.GrpcMessage);
    }

    [Fact]
    public async Task Unary_call_without_a_message_is_internal()
    {
        var response = await SendAsync([]);

        Assert.Equal(StatusCode.Internal, response.GrpcStatus);
        Assert.Equal("The request holds no message; this method takes exactly one.", response.GrpcMessage);
    }

    [Fact]
    public async Task Unary_call_with_two_messages_is_internal()
    {
        var response = await SendAsync([.. EchoFrame("one"), .. EchoFrame("two")]);

        Assert.Equal(StatusCode.Internal, response.GrpcStatus);
        Assert.Equal("The request holds more than one message; this method takes exactly one.", response.GrpcMessage);
    }

    [Fact]
    public async Task Unknown_service_is_unimplemented()
    {
        var response = await SendAsync(EchoFrame(), "/rpctest.v1.NoSuchService/Echo");

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.Equal(StatusCode.Unimplemented, response.GrpcStatus);
        Assert.Equal("Service is unimplemented.", response.GrpcMessage);
        Assert.True(response.IsTrailersOnly);
    }

    [Fact]
    public async Task Unknown_method_of_a_known_service_is_unimplemented()
    {
        var response = await SendAsync(EchoFrame(), "/rpctest.v1.EchoService/NoSuchMethod");

        Assert.Equal(StatusCode.Unimplemented, response.GrpcStatus);
        Assert.Equal("Method is unimplemented.", response.GrpcMessage);
    }

    [Fact]
    public async Task Unknown_path_without_grpc_content_type_stays_an_ordinary_404()
    {
        var response = await SendAsync(EchoFrame(), "/some/page", "text/plain");

        Assert.Equal(HttpStatusCode.NotFound, response.HttpStatus);
        Assert.Null(response.GrpcStatus);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    [InlineData("application/grpc+json")]
    public async Task Wrong_content_type_is_http_415(string contentType)
    {
        var response = await SendAsync(EchoFrame(), contentType: contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.HttpStatus);
        Assert.Equal(StatusCode.Internal, response.GrpcStatus);
        Assert.Contains($"Content-Type '{contentType}' is not supported", response.GrpcMessage);
    }

    [Fact]
    public async Task Content_type_with_proto_suffix_and_parameters_is_accepted()
    {
        var response = await SendAsync(EchoFrame(), contentType: "application/grpc+proto; charset=utf-8");

        Assert.Equal(StatusCode.OK, response.GrpcStatus);
    }

    [Theory]
    [InlineData("1")]          // no unit
    [InlineData("S")]          // no digits
    [InlineData("123456789S")] // more than 8 digits
    [InlineData("10s")]        // lower-case s is not a unit
    [InlineData("1.5S")]
    [InlineData("-1S")]
    public async Task Malformed_grpc_timeout_is_internal(string timeout)
    {
        var response = await SendAsync(EchoFrame(), headers: ("grpc-timeout", timeout));

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.Equal(StatusCode.Internal, response.GrpcStatus);
        Assert.StartsWith("Malformed grpc-timeout header", response.GrpcMessage);
        Assert.True(response.IsTrailersOnly);
    }

    [Fact]
    public async Task Unknown_grpc_encoding_is_unimplemented_and_lists_what_is_supported()
    {
        var response = await SendAsync(EchoFrame(), headers: ("grpc-encoding", "snappy"));

        Assert.Equal(StatusCode.Unimplemented, response.GrpcStatus);
        Assert.Equal("Unsupported grpc-encoding value 'snappy'. Supported encodings: identity, gzip.", response.GrpcMessage);
        Assert.Equal("identity,gzip", response.Headers["grpc-accept-encoding"]);
    }

    [Fact]
    public async Task Corrupt_gzip_message_is_internal()
    {
        var response = await SendAsync(RawGrpc.Frame([1, 2, 3, 4], flags: 1), headers: ("grpc-encoding", "gzip"));

        Assert.Equal(StatusCode.Internal, response.GrpcStatus);
        Assert.Equal("Failed to decompress the message: the gzip data is invalid.", response.GrpcMessage);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public async Task A_message_split_across_many_data_frames_is_reassembled(int chunkSize)
    {
        var frame = RawGrpc.Frame(new EchoRequest { Message = "split", Payload = ByteString.CopyFrom(new byte[300]) });

        var response = await RawGrpc.SendAsync(_http, RawGrpc.Request(_server.GrpcAddress, EchoPath, new RawGrpc.ChunkedContent(frame, chunkSize)));

        Assert.Equal(StatusCode.OK, response.GrpcStatus);
        var echo = EchoResponse.Parser.ParseFrom(response.Body.AsSpan(5).ToArray());
        Assert.Equal("split", echo.Message);
    }

    [Fact]
    public async Task Several_messages_packed_in_one_data_frame_are_each_read()
    {
        // Three messages in one write (one DATA frame), then two more split at odd offsets.
        byte[] packed = [.. RawGrpc.Frame(new EchoRequest { Message = "a" }), .. RawGrpc.Frame(new EchoRequest { Message = "b" }), .. RawGrpc.Frame(new EchoRequest { Message = "c" })];
        byte[] split = [.. RawGrpc.Frame(new EchoRequest { Message = "d" }), .. RawGrpc.Frame(new EchoRequest { Message = "e" })];

        var packedResponse = await RawGrpc.SendAsync(_http, RawGrpc.Request(_server.GrpcAddress, "/rpctest.v1.EchoService/Collect", new ByteArrayContent(packed)));
        var splitResponse = await RawGrpc.SendAsync(_http, RawGrpc.Request(_server.GrpcAddress, "/rpctest.v1.EchoService/Collect", new RawGrpc.ChunkedContent(split, 4)));

        Assert.Equal("a,b,c", EchoResponse.Parser.ParseFrom(packedResponse.Body.AsSpan(5).ToArray()).Message);
        Assert.Equal("d,e", EchoResponse.Parser.ParseFrom(splitResponse.Body.AsSpan(5).ToArray()).Message);
    }

    [Fact]
    public async Task Grpc_over_http1_on_the_http1_port_is_426_as_grpc_dotnet_answers()
    {
        using var http1 = RawGrpc.Client(HttpVersion.Version11);

        var response = await RawGrpc.SendAsync(http1, RawGrpc.Request(_server.HttpAddress, EchoPath, new ByteArrayContent(EchoFrame()), HttpVersion.Version11, "application/grpc"));

        Assert.Equal(HttpVersion.Version11, response.Version);
        Assert.Equal(HttpStatusCode.UpgradeRequired, response.HttpStatus);
        Assert.Equal("HTTP/2", response.Headers["upgrade"]);
        Assert.Equal(StatusCode.Internal, response.GrpcStatus);
        Assert.Equal("Request protocol 'HTTP/1.1' is not supported.", response.GrpcMessage);
    }

    [Fact]
    public async Task Http1_request_to_the_h2c_only_port_is_refused_without_being_served()
    {
        // What Kestrel really does with HTTP/1.x bytes on an HTTP/2-only endpoint: it does not treat
        // them as an HTTP/2 preface to serve, but answers in HTTP/1.1 with 400 and closes.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_server.GrpcAddress.Host, _server.GrpcAddress.Port);
        var stream = tcp.GetStream();
        var frame = EchoFrame("must not be served");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST {EchoPath} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/grpc\r\nContent-Length: {frame.Length}\r\n\r\n"));
        await stream.WriteAsync(frame);

        using var received = new MemoryStream();
        await stream.CopyToAsync(received).WaitAsync(TimeSpan.FromSeconds(10)); // ends: the server closed the connection
        var text = Encoding.ASCII.GetString(received.ToArray());

        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", text);
        Assert.Contains("Connection: close\r\n", text);
        Assert.EndsWith("An HTTP/1.x request was sent to an HTTP/2 only endpoint.", text);
        Assert.DoesNotContain("grpc-status", text);
    }

    [Fact]
    public async Task Reserved_headers_are_not_exposed_as_custom_metadata()
    {
        var response = await SendAsync(RawGrpc.Frame(new EchoRequest { EchoHeader = "grpc-timeout" }), headers: ("grpc-timeout", "10S"));
        var custom = await SendAsync(RawGrpc.Frame(new EchoRequest { EchoHeader = "x-custom" }), headers: ("x-custom", "value"));

        Assert.Equal(StatusCode.OK, response.GrpcStatus);
        Assert.DoesNotContain("10S", response.Trailers.Values);
        Assert.Equal("value", custom.Trailers["x-custom"]);
    }
}
