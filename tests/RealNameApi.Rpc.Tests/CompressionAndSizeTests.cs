using System.IO.Compression;
using Google.Protobuf;
using RealNameApi.Rpc.Client;
using RealNameApi.Rpc.Tests.Echo;
using RealNameApi.Rpc.Tests.Infrastructure;

namespace RealNameApi.Rpc.Tests;

/// <summary>gzip both ways, and the receive and send limits near and over 4 MiB.</summary>
public sealed class CompressionAndSizeTests : IAsyncLifetime
{
    private const int FourMiB = 4 * 1024 * 1024;
    private TestServer _server = null!;
    private TestServer _gzipServer = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _gzipServer = await TestServer.StartAsync(options =>
        {
            options.ResponseCompression = "gzip";
            options.MaxSendMessageSize = 1024 * 1024;
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _gzipServer.DisposeAsync();
    }

    /// <summary>An echo request whose serialized size is exactly <paramref name="size"/> bytes.</summary>
    private static EchoRequest OfSize(int size)
    {
        // size = tag (1) + length prefix of the payload + payload; the prefix depends on the payload.
        var payload = size - 2;
        while (1 + CodedOutputStream.ComputeLengthSize(payload) + payload > size)
        {
            payload--;
        }
        var request = new EchoRequest { Payload = ByteString.CopyFrom(new byte[payload]) };
        Assert.Equal(size, request.CalculateSize());
        return request;
    }

    [Fact]
    public async Task Client_gzips_requests_and_the_server_reads_them()
    {
        var recorder = new RecordingHandler();
        using var channel = new RpcChannel(_server.GrpcAddress, new RpcChannelOptions { RequestCompression = "gzip", HttpHandler = recorder });
        var message = new string('压', 10_000);

        var response = await channel.UnaryCall(EchoMethods.Echo, new EchoRequest { Message = message });

        Assert.Equal(message, response.Message);
        Assert.Equal("gzip", recorder.RequestHeaders["grpc-encoding"]);
        Assert.Equal(1, recorder.RequestBody[0]); // compressed flag
        Assert.True(recorder.RequestBody.Length < 1000, "30 KB of one repeated character must gzip far smaller.");
    }

    [Fact]
    public async Task Server_gzips_responses_when_the_client_accepts_gzip()
    {
        using var http = RawGrpc.Client();
        var request = new EchoRequest { Message = new string('a', 20_000) };

        var accepted = await RawGrpc.SendAsync(http, RawGrpc.Request(_gzipServer.GrpcAddress, "/rpctest.v1.EchoService/Echo",
            new ByteArrayContent(RawGrpc.Frame(request)), headers: ("grpc-accept-encoding", "identity,gzip")));
        var notAccepted = await RawGrpc.SendAsync(http, RawGrpc.Request(_gzipServer.GrpcAddress, "/rpctest.v1.EchoService/Echo",
            new ByteArrayContent(RawGrpc.Frame(request))));

        Assert.Equal("gzip", accepted.Headers["grpc-encoding"]);
        Assert.Equal(1, accepted.Body[0]);
        using var gunzip = new GZipStream(new MemoryStream(accepted.Body, 5, accepted.Body.Length - 5), CompressionMode.Decompress);
        Assert.Equal(request.Message, EchoResponse.Parser.ParseFrom(gunzip).Message);

        Assert.False(notAccepted.Headers.ContainsKey("grpc-encoding"));
        Assert.Equal(0, notAccepted.Body[0]);
    }

    [Fact]
    public async Task Gzip_both_ways_through_the_client_for_every_call_kind()
    {
        using var channel = new RpcChannel(_gzipServer.GrpcAddress, new RpcChannelOptions { RequestCompression = "gzip" });
        var text = new string('x', 5000);

        var unary = await channel.UnaryCall(EchoMethods.Echo, new EchoRequest { Message = text });
        using var chat = channel.DuplexStreamingCall(EchoMethods.Chat);
        await chat.RequestStream.WriteAsync(new EchoRequest { Message = text });
        await chat.RequestStream.CompleteAsync();
        var echoed = await chat.ResponseStream.ReadAllAsync().ToListAsync();

        Assert.Equal(text, unary.Message);
        Assert.Equal(text, Assert.Single(echoed).Message);
    }

    [Fact]
    public async Task A_message_exactly_at_the_4_MiB_limit_is_accepted()
    {
        using var channel = _server.Channel();

        var response = await channel.UnaryCall(EchoMethods.Echo, OfSize(FourMiB));

        Assert.Equal(FourMiB, response.CalculateSize());
    }

    [Fact]
    public async Task A_message_one_byte_over_the_limit_is_resource_exhausted()
    {
        using var channel = _server.Channel();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await channel.UnaryCall(EchoMethods.Echo, OfSize(FourMiB + 1)));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal($"Received message of {FourMiB + 1} bytes exceeds the limit of {FourMiB} bytes.", error.Status.Detail);
    }

    [Fact]
    public async Task A_gzip_bomb_is_stopped_at_the_limit()
    {
        // 5 MiB of zeros gzip to a few KB: the limit applies to the decompressed size.
        using var channel = new RpcChannel(_server.GrpcAddress, new RpcChannelOptions { RequestCompression = "gzip" });

        var error = await Assert.ThrowsAsync<RpcException>(async () => await channel.UnaryCall(EchoMethods.Echo, OfSize(5 * 1024 * 1024)));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("Decompressed message exceeds the limit", error.Status.Detail);
    }

    [Fact]
    public async Task Client_receive_limit_is_resource_exhausted()
    {
        using var channel = new RpcChannel(_server.GrpcAddress, new RpcChannelOptions { MaxReceiveMessageSize = 1000 });

        var error = await Assert.ThrowsAsync<RpcException>(async () => await channel.UnaryCall(EchoMethods.Echo, OfSize(2000)));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task Client_send_limit_is_resource_exhausted_before_sending()
    {
        using var channel = new RpcChannel(_server.GrpcAddress, new RpcChannelOptions { MaxSendMessageSize = 100 });

        var error = await Assert.ThrowsAsync<RpcException>(async () => await channel.UnaryCall(EchoMethods.Echo, OfSize(200)));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal("Sending request message of 200 bytes exceeds the limit of 100 bytes.", error.Status.Detail);
    }

    [Fact]
    public async Task Server_send_limit_fails_the_call_with_resource_exhausted()
    {
        using var channel = _gzipServer.Channel();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await channel.UnaryCall(EchoMethods.Echo, OfSize(2 * 1024 * 1024)));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("Sending response message", error.Status.Detail);
    }

    /// <summary>Records what the client puts on the wire, then sends it on.</summary>
    private sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        public Dictionary<string, string> RequestHeaders { get; } = [];

        public byte[] RequestBody { get; private set; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            foreach (var (name, values) in request.Headers)
            {
                RequestHeaders[name.ToLowerInvariant()] = string.Join(",", values);
            }
            RequestBody = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            request.Content = new ByteArrayContent(RequestBody) { Headers = { ContentType = request.Content.Headers.ContentType } };
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
