using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using RealNameApi.Contracts.V1;
using RealNameApi.Server.Tests.Infrastructure;
using RealNameApi.Testing;
using static RealNameApi.Server.Tests.Infrastructure.Calls;

namespace RealNameApi.Server.Tests;

/// <summary>
/// Malformed requests sent by hand over HTTP/2 to the server process (no gRPC client in the way),
/// each answered with the status the protocol implies and words that say what was wrong.
/// </summary>
[Collection(EmbeddedServerGroup.Name)]
public sealed class BadInputTests(EmbeddedServer fixture) : IDisposable
{
    private const string DiagnosePath = "/realname.v1.RemediationService/Diagnose";
    private readonly ServerProcess _server = fixture.Server;
    private readonly HttpClient _http = RawGrpc.Client();
    private readonly HttpClient _web = RawGrpc.Client(HttpVersion.Version11);

    public void Dispose()
    {
        _http.Dispose();
        _web.Dispose();
    }

    private Task<RawResponse> SendAsync(byte[] body, string path = DiagnosePath, string contentType = "application/grpc", params (string, string)[] headers) =>
        RawGrpc.SendAsync(_http, RawGrpc.Request(_server.GrpcAddress, path, new ByteArrayContent(body), contentType, headers));

    private Task<RawResponse> SendWebTextAsync(HttpClient client, string body) =>
        RawGrpc.SendAsync(client, RawGrpc.Request(_server.HttpAddress, DiagnosePath, new StringContent(body), HttpVersion.Version11, "application/grpc-web-text", []));

    private static byte[] DiagnoseFrame() => RawGrpc.Frame(new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch, Locale = "en" });

    [Fact]
    public async Task A_well_formed_request_by_hand_is_answered_ok_so_the_failures_below_are_the_inputs()
    {
        var response = await SendAsync(DiagnoseFrame());

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.Equal(StatusCode.OK, response.GrpcStatus);
        Assert.Equal("dayu.face-mismatch-police-photo", DiagnoseResponse.Parser.ParseFrom(response.Body.AsSpan(5)).Diagnosis.RuleId);
    }

    [Fact]
    public async Task A_truncated_length_prefix_is_INTERNAL()
    {
        var response = await SendAsync([0, 0, 0]);

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.Equal(StatusCode.Internal, response.GrpcStatus);
        Assert.Contains("Incomplete message", response.GrpcMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_length_prefix_longer_than_the_body_is_INTERNAL()
    {
        var response = await SendAsync(RawGrpc.Frame([8, 1], announcedLength: 100));

        Assert.Equal(StatusCode.Internal, response.GrpcStatus);
        Assert.Contains("Incomplete message", response.GrpcMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_message_over_4_MiB_is_RESOURCE_EXHAUSTED_from_its_prefix_alone()
    {
        // Only the prefix is sent: the server must refuse from the announced length, without waiting for 5 MiB.
        var response = await SendAsync(RawGrpc.Frame([], announcedLength: 5 * 1024 * 1024));

        Assert.Equal(StatusCode.ResourceExhausted, response.GrpcStatus);
        Assert.Contains("exceeds the maximum", response.GrpcMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_whole_message_just_over_4_MiB_is_RESOURCE_EXHAUSTED_and_the_server_keeps_answering()
    {
        var request = new DiagnoseRequest { Platform = "dayu", Message = new string('x', 4 * 1024 * 1024) };
        var response = await SendAsync(RawGrpc.Frame(request));

        Assert.Equal(StatusCode.ResourceExhausted, response.GrpcStatus);
        Assert.Equal(StatusCode.OK, (await SendAsync(DiagnoseFrame())).GrpcStatus);
    }

    [Fact]
    public async Task Bytes_that_are_not_protobuf_are_INVALID_ARGUMENT_with_the_parser_s_words_and_the_server_keeps_answering()
    {
        // grpc-dotnet reads the request before any interceptor runs; the server's request reader
        // (MalformedRequestBinder) answers a message that fails to parse, rather than UNKNOWN.
        var response = await SendAsync(RawGrpc.Frame([0xFF, 0xFF, 0xFF, 0xFF, 0xFF]));

        Assert.Equal(StatusCode.InvalidArgument, response.GrpcStatus);
        Assert.StartsWith("The request is not a valid protobuf message of the request type of /realname.v1.RemediationService/Diagnose: ", response.GrpcMessage, StringComparison.Ordinal);
        var info = Assert.Single(response.StatusDetails().Details, d => d.Is(ErrorInfo.Descriptor)).Unpack<ErrorInfo>();
        Assert.Equal("MALFORMED_REQUEST", info.Reason);
        Assert.Equal(StatusCode.OK, (await SendAsync(DiagnoseFrame())).GrpcStatus);
    }

    [Fact]
    public async Task Requests_that_cannot_be_read_are_not_logged_one_by_one()
    {
        var before = _server.Problems.Count;
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(StatusCode.InvalidArgument, (await SendAsync(RawGrpc.Frame([0xFF, 0xFF, 0xFF]))).GrpcStatus);
            Assert.Equal(StatusCode.InvalidArgument, (await SendAsync(RawGrpc.Frame([1, 2, 3, 4], flags: 1), headers: ("grpc-encoding", "gzip"))).GrpcStatus);
            Assert.Equal(StatusCode.InvalidArgument, (await SendWebTextAsync(_web, "!!!!")).GrpcStatus);
            Assert.Equal(StatusCode.Internal, (await SendAsync([0x80, .. DiagnoseFrame().AsSpan(1)])).GrpcStatus);
        }

        // Summed instead: at most one line per kind of event per Server:RejectionLogPeriod.
        Assert.True(_server.Problems.Count - before <= 2, string.Join("\n", _server.Problems.Skip(before).Take(5)));
    }

    [Theory]
    [InlineData(0x02)]
    [InlineData(0x80)] // the trailers flag of gRPC-Web responses, never a request's
    [InlineData(0xFF)]
    public async Task A_frame_with_flags_gRPC_does_not_define_is_INTERNAL_and_says_so(byte flags)
    {
        var frame = DiagnoseFrame();
        frame[0] = flags;

        var response = await SendAsync(frame);
        var web = await RawGrpc.SendAsync(_web, RawGrpc.Request(_server.HttpAddress, DiagnosePath, new ByteArrayContent(frame), HttpVersion.Version11, "application/grpc-web", []));

        foreach (var answer in new[] { response, web })
        {
            Assert.Equal(StatusCode.Internal, answer.GrpcStatus);
            Assert.Equal($"The request's message frame has flags 0x{flags:X2}; gRPC defines only 0x00 (plain) and 0x01 (compressed).", Uri.UnescapeDataString(answer.GrpcMessage!));
            var info = Assert.Single(answer.StatusDetails().Details, d => d.Is(ErrorInfo.Descriptor)).Unpack<ErrorInfo>();
            Assert.Equal("MALFORMED_REQUEST", info.Reason);
            Assert.Equal($"0x{flags:X2}", info.Metadata["frame_flags"]);
        }
    }

    [Fact]
    public async Task A_unary_call_without_a_message_is_INTERNAL()
    {
        var response = await SendAsync([]);

        Assert.Equal(StatusCode.Internal, response.GrpcStatus);
    }

    [Fact]
    public async Task A_unary_call_with_two_messages_is_INTERNAL()
    {
        var response = await SendAsync([.. DiagnoseFrame(), .. DiagnoseFrame()]);

        Assert.Equal(StatusCode.Internal, response.GrpcStatus);
        Assert.Contains("Additional data after the message", response.GrpcMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/realname.v1.RemediationService/NoSuchMethod")]
    [InlineData("/realname.v1.NoSuchService/Diagnose")]
    public async Task An_unknown_method_or_service_is_UNIMPLEMENTED(string path)
    {
        var response = await SendAsync(DiagnoseFrame(), path);

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.Equal(StatusCode.Unimplemented, response.GrpcStatus);
        Assert.True(response.IsTrailersOnly);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    public async Task A_wrong_content_type_is_HTTP_415(string contentType)
    {
        var response = await SendAsync(DiagnoseFrame(), contentType: contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.HttpStatus);
        Assert.Equal(StatusCode.Internal, response.GrpcStatus);
        Assert.Contains($"Content-Type '{contentType}' is not supported", response.GrpcMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_content_type_with_the_proto_suffix_is_accepted()
    {
        var response = await SendAsync(DiagnoseFrame(), contentType: "application/grpc+proto");

        Assert.Equal(StatusCode.OK, response.GrpcStatus);
    }

    [Theory]
    [InlineData("1")]          // no unit
    [InlineData("S")]          // no digits
    [InlineData("123456789S")] // more than 8 digits
    [InlineData("10s")]        // lower-case s is not a unit
    [InlineData("1.5S")]
    [InlineData("-1S")]
    public async Task A_malformed_grpc_timeout_is_INTERNAL_rather_than_a_call_without_a_deadline(string timeout)
    {
        var response = await SendAsync(DiagnoseFrame(), headers: ("grpc-timeout", timeout));

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.Equal(StatusCode.Internal, response.GrpcStatus);
        Assert.StartsWith("Malformed grpc-timeout header", response.GrpcMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1n")]
    [InlineData("99n")]
    [InlineData("0S")]
    public async Task A_grpc_timeout_that_has_already_passed_is_DEADLINE_EXCEEDED(string timeout)
    {
        var response = await SendAsync(DiagnoseFrame(), headers: ("grpc-timeout", timeout));

        Assert.Equal(StatusCode.DeadlineExceeded, response.GrpcStatus);
    }

    [Fact]
    public async Task A_valid_grpc_timeout_is_accepted()
    {
        var response = await SendAsync(DiagnoseFrame(), headers: ("grpc-timeout", "5000m"));

        Assert.Equal(StatusCode.OK, response.GrpcStatus);
    }

    [Fact]
    public async Task A_message_compressed_with_an_unknown_grpc_encoding_is_UNIMPLEMENTED_and_names_what_is_supported()
    {
        var response = await SendAsync(RawGrpc.Frame(new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch }.ToByteArray(), flags: 1), headers: ("grpc-encoding", "snappy"));

        Assert.Equal(StatusCode.Unimplemented, response.GrpcStatus);
        Assert.Contains("Unsupported grpc-encoding value 'snappy'", response.GrpcMessage, StringComparison.Ordinal);
        Assert.Contains("gzip", response.Headers["grpc-accept-encoding"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gzip_request_is_read_and_a_corrupt_one_is_INVALID_ARGUMENT()
    {
        using var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch }.ToByteArray());
        }

        var good = await SendAsync(RawGrpc.Frame(gzipped.ToArray(), flags: 1), headers: ("grpc-encoding", "gzip"));
        var corrupt = await SendAsync(RawGrpc.Frame([1, 2, 3, 4], flags: 1), headers: ("grpc-encoding", "gzip"));
        var notDeflate = await SendAsync(RawGrpc.Frame([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff], flags: 1), headers: ("grpc-encoding", "gzip"));

        Assert.Equal(StatusCode.OK, good.GrpcStatus);
        foreach (var bad in new[] { corrupt, notDeflate })
        {
            Assert.Equal(StatusCode.InvalidArgument, bad.GrpcStatus);
            Assert.StartsWith("The request cannot be decoded (gzip): ", bad.GrpcMessage, StringComparison.Ordinal);
            var info = Assert.Single(bad.StatusDetails().Details, d => d.Is(ErrorInfo.Descriptor)).Unpack<ErrorInfo>();
            Assert.Equal("MALFORMED_REQUEST", info.Reason);
            Assert.Equal("gzip", info.Metadata["encoding"]);
        }
    }

    [Theory]
    [InlineData("!!!!")] // not base64 at all
    [InlineData("AAA")] // ends inside a 4-character group
    public async Task A_gRPC_Web_text_body_that_is_not_base64_is_INVALID_ARGUMENT_on_a_connection_that_stays_open(string body)
    {
        var connections = 0;
        using var web = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                Interlocked.Increment(ref connections);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        });

        var bad = await SendWebTextAsync(web, body);
        var good = await SendWebTextAsync(web, Convert.ToBase64String(DiagnoseFrame()));

        Assert.Equal(StatusCode.InvalidArgument, bad.GrpcStatus);
        Assert.Equal("The request cannot be decoded (base64): The gRPC-Web text body is not valid base64.", bad.GrpcMessage);
        var info = Assert.Single(bad.StatusDetails().Details, d => d.Is(ErrorInfo.Descriptor)).Unpack<ErrorInfo>();
        Assert.Equal("MALFORMED_REQUEST", info.Reason);
        Assert.Equal("base64", info.Metadata["encoding"]);
        Assert.Equal(DiagnosePath, info.Metadata["method"]);
        // The answer to the good call came over the connection the bad one used: grpc-dotnet's
        // base64 reader alone leaves Kestrel unable to drain the body, and Kestrel closes it.
        var frames = good.Body; // binary gRPC-Web: the request did not ask for text back (Accept)
        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(frames.AsSpan(1));
        Assert.Equal("dayu.face-mismatch-police-photo", DiagnoseResponse.Parser.ParseFrom(frames.AsSpan(5, length)).Diagnosis.RuleId);
        Assert.Equal(1, connections);
    }

    // Between Limits:MaxRequestHeadersTotalSize (32 KB) and Kestrel's own limit, twice it: in one
    // header (past HTTP/2's default 16 KB field) or spread over two, native gRPC and gRPC-Web.
    [Theory]
    [InlineData(false, 1)]
    [InlineData(false, 2)]
    [InlineData(true, 1)]
    [InlineData(true, 2)]
    public async Task Metadata_over_the_limit_is_RESOURCE_EXHAUSTED_for_that_call_alone_on_a_connection_that_stays_open(bool web, int headers)
    {
        var connections = 0;
        var sockets = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                Interlocked.Increment(ref connections);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var channel = web
            ? Grpc.Net.Client.GrpcChannel.ForAddress(_server.HttpAddress, new Grpc.Net.Client.GrpcChannelOptions
            {
                HttpHandler = new Grpc.Net.Client.Web.GrpcWebHandler(Grpc.Net.Client.Web.GrpcWebMode.GrpcWeb, sockets),
                HttpVersion = HttpVersion.Version11,
                HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            })
            : Grpc.Net.Client.GrpcChannel.ForAddress(_server.GrpcAddress, new Grpc.Net.Client.GrpcChannelOptions { HttpHandler = sockets });
        var client = new RemediationService.RemediationServiceClient(channel);
        var request = new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch };
        var metadata = new Metadata();
        for (var i = 0; i < headers; i++)
        {
            metadata.Add($"x-note-{i}", new string('n', 40_000 / headers));
        }

        Assert.Equal("dayu.face-mismatch-police-photo", (await client.DiagnoseAsync(request, Options())).Diagnosis.RuleId);
        var error = await Assert.ThrowsAsync<RpcException>(() => client.DiagnoseAsync(request, Options(headers: metadata)).ResponseAsync);
        var after = await client.DiagnoseAsync(request, Options());

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.StartsWith("The call's metadata is 40", error.Status.Detail, StringComparison.Ordinal);
        var info = Assert.Single(error.GetRpcStatus()!.Details, d => d.Is(ErrorInfo.Descriptor)).Unpack<ErrorInfo>();
        Assert.Equal("METADATA_TOO_LARGE", info.Reason);
        Assert.Equal("32768", info.Metadata["limit"]);
        Assert.DoesNotContain(error.GetRpcStatus()!.Details, d => d.Is(RetryInfo.Descriptor));
        Assert.Equal("dayu.face-mismatch-police-photo", after.Diagnosis.RuleId);
        Assert.Equal(1, connections);
    }

    [Fact]
    public async Task Metadata_far_over_the_limit_is_refused_and_the_server_keeps_answering()
    {
        // Past Kestrel's own limit the request never reaches the server's code: Kestrel refuses it
        // (closing an HTTP/2 connection, or answering HTTP 431), and the headers it read are let go.
        var huge = new Metadata { { "x-note", new string('n', 200_000) } };
        using var channel = _server.CreateChannel();
        var client = new RemediationService.RemediationServiceClient(channel);
        var request = new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch };

        var error = await Assert.ThrowsAsync<RpcException>(() => client.DiagnoseAsync(request, Options(headers: huge)).ResponseAsync);

        Assert.NotEqual(StatusCode.OK, error.StatusCode);
        using var fresh = _server.CreateChannel();
        Assert.Equal("dayu.face-mismatch-police-photo", (await new RemediationService.RemediationServiceClient(fresh).DiagnoseAsync(request, Options())).Diagnosis.RuleId);
    }

    [Fact]
    public async Task A_gzip_request_that_inflates_past_4_MiB_is_RESOURCE_EXHAUSTED_and_the_server_keeps_answering()
    {
        // A decompression bomb: 256 MiB of zeros in about 250 KB, far below the receive limit
        // as sent. grpc-dotnet applies the limit to the inflated message too.
        using var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 256; i++)
            {
                gzip.Write(zeros);
            }
        }

        Assert.True(gzipped.Length < 4 * 1024 * 1024);
        var response = await SendAsync(RawGrpc.Frame(gzipped.ToArray(), flags: 1), headers: ("grpc-encoding", "gzip"));

        Assert.Equal(StatusCode.ResourceExhausted, response.GrpcStatus);
        Assert.Contains("exceeds the maximum", response.GrpcMessage, StringComparison.Ordinal);
        Assert.Equal(StatusCode.OK, (await SendAsync(DiagnoseFrame())).GrpcStatus);
    }

    [Fact]
    public async Task A_response_goes_plain_even_to_a_caller_that_accepts_gzip()
    {
        var response = await SendAsync(DiagnoseFrame(), headers: ("grpc-accept-encoding", "identity,gzip"));

        Assert.Equal(StatusCode.OK, response.GrpcStatus);
        Assert.False(response.Headers.ContainsKey("grpc-encoding"), "the response names an encoding");
        Assert.Equal(0, response.Body[0]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public async Task A_message_split_across_many_data_frames_is_reassembled(int chunkSize)
    {
        var frame = DiagnoseFrame();

        var response = await RawGrpc.SendAsync(_http, RawGrpc.Request(_server.GrpcAddress, DiagnosePath, new RawGrpc.ChunkedContent(frame, chunkSize)));

        Assert.Equal(StatusCode.OK, response.GrpcStatus);
        Assert.Equal("dayu", DiagnoseResponse.Parser.ParseFrom(response.Body.AsSpan(5)).Diagnosis.Platform);
    }

    [Fact]
    public async Task Native_gRPC_over_HTTP_1_1_on_the_HTTP_port_is_426()
    {
        using var http1 = RawGrpc.Client(HttpVersion.Version11);

        var response = await RawGrpc.SendAsync(http1, RawGrpc.Request(_server.HttpAddress, DiagnosePath, new ByteArrayContent(DiagnoseFrame()), HttpVersion.Version11, "application/grpc"));

        Assert.Equal(HttpVersion.Version11, response.Version);
        Assert.Equal(HttpStatusCode.UpgradeRequired, response.HttpStatus);
        Assert.Equal(StatusCode.Internal, response.GrpcStatus);
        Assert.Equal("Request protocol 'HTTP/1.1' is not supported.", response.GrpcMessage);
    }

    [Fact]
    public async Task An_HTTP_1_1_request_on_the_gRPC_port_is_refused_without_being_served()
    {
        // Kestrel does not take HTTP/1.x bytes for an HTTP/2 preface: it answers 400 in HTTP/1.1 and closes.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_server.GrpcAddress.Host, _server.GrpcAddress.Port);
        var stream = tcp.GetStream();
        var frame = DiagnoseFrame();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST {DiagnosePath} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/grpc\r\nContent-Length: {frame.Length}\r\n\r\n"));
        await stream.WriteAsync(frame);

        using var received = new MemoryStream();
        await stream.CopyToAsync(received).WaitAsync(TimeSpan.FromSeconds(10)); // ends: the server closed the connection
        var text = Encoding.ASCII.GetString(received.ToArray());

        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", text, StringComparison.Ordinal);
        Assert.Contains("HTTP/2 only", text, StringComparison.Ordinal);
        Assert.DoesNotContain("grpc-status", text, StringComparison.Ordinal);
    }
}
