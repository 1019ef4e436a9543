using Google.Protobuf;
using RealNameApi.Rpc.Client;
using RealNameApi.Rpc.Tests.Echo;
using RealNameApi.Rpc.Tests.Infrastructure;

namespace RealNameApi.Rpc.Tests;

/// <summary>The four call kinds, through the library's own client against a real Kestrel server.</summary>
public sealed class CallKindTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly TestServer _server = fixture.Server;

    [Fact]
    public async Task Unary_call_returns_the_echo_with_headers_and_trailers()
    {
        using var channel = _server.Channel();
        var headers = new Metadata().Add("x-trace", "abc-123").Add("x-blob-bin", [0, 1, 2, 255]);
        using var call = channel.UnaryCall(EchoMethods.Echo,
            new EchoRequest { Message = "你好, world", Payload = ByteString.CopyFrom(1, 2, 3), EchoHeader = "x-trace" },
            new CallOptions { Headers = headers });

        var response = await call;

        Assert.Equal("你好, world", response.Message);
        Assert.Equal([1, 2, 3], response.Payload.ToByteArray());
        Assert.Equal("abc-123", (await call.ResponseHeadersAsync).GetValue("x-trace"));
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
        Assert.Equal("abc-123", call.GetTrailers().GetValue("x-trace"));
    }

    [Fact]
    public async Task Binary_metadata_round_trips_as_base64()
    {
        using var channel = _server.Channel();
        byte[] blob = [0, 1, 2, 250, 251, 252, 253, 254, 255];
        using var call = channel.UnaryCall(EchoMethods.Echo, new EchoRequest { EchoHeader = "x-blob-bin" },
            new CallOptions { Headers = new Metadata().Add("x-blob-bin", blob) });

        await call;

        Assert.Equal(blob, (await call.ResponseHeadersAsync).GetValueBytes("x-blob-bin"));
        Assert.Equal(blob, call.GetTrailers().GetValueBytes("x-blob-bin"));
    }

    [Fact]
    public async Task Server_streaming_call_yields_every_message_then_ok()
    {
        using var channel = _server.Channel();
        using var call = channel.ServerStreamingCall(EchoMethods.Expand, new EchoRequest { Message = "m", Repeat = 50 });

        var indexes = new List<int>();
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            indexes.Add(message.Index);
        }

        Assert.Equal(Enumerable.Range(0, 50), indexes);
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
    }

    [Fact]
    public async Task Server_streaming_call_with_no_messages_ends_ok()
    {
        using var channel = _server.Channel();
        using var call = channel.ServerStreamingCall(EchoMethods.Expand, new EchoRequest { Repeat = 0 });

        Assert.False(await call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
    }

    [Fact]
    public async Task Client_streaming_call_sees_every_request()
    {
        using var channel = _server.Channel();
        using var call = channel.ClientStreamingCall(EchoMethods.Collect);
        for (var i = 0; i < 20; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Message = $"m{i}" });
        }
        await call.RequestStream.CompleteAsync();

        var response = await call;

        Assert.Equal(20, response.Index);
        Assert.Equal(string.Join(",", Enumerable.Range(0, 20).Select(i => $"m{i}")), response.Message);
    }

    [Fact]
    public async Task Client_streaming_call_with_no_requests_answers()
    {
        using var channel = _server.Channel();
        using var call = channel.ClientStreamingCall(EchoMethods.Collect);
        await call.RequestStream.CompleteAsync();

        var response = await call;

        Assert.Equal(0, response.Index);
    }

    [Fact]
    public async Task Duplex_call_answers_each_request_as_it_arrives()
    {
        using var channel = _server.Channel();
        using var call = channel.DuplexStreamingCall(EchoMethods.Chat);

        // Ping-pong: each answer must arrive before the next request is sent, so the server
        // really interleaves reading and writing.
        for (var i = 0; i < 10; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Message = $"ping {i}" });
            Assert.True(await call.ResponseStream.MoveNext());
            Assert.Equal($"ping {i}", call.ResponseStream.Current.Message);
            Assert.Equal(i, call.ResponseStream.Current.Index);
        }
        await call.RequestStream.CompleteAsync();

        Assert.False(await call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
    }

    [Fact]
    public async Task Many_concurrent_unary_calls_share_one_channel()
    {
        using var channel = _server.Channel();

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
            (await channel.UnaryCall(EchoMethods.Echo, new EchoRequest { Message = $"call {i}" })).Message));

        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"call {i}"), responses);
    }
}
