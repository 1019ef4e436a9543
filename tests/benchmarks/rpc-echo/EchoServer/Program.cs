// bench.v1.EchoService on Grpc.AspNetCore, composed as src/RealNameApi.Server is: the slim
// builder, Kestrel with an HTTP/2-only cleartext port, AddGrpc with the same limits and
// compression provider, a singleton service. Logging stays on at Warning, as in production, so
// nothing is logged per call.
// Usage: dotnet RealNameApi.EchoServer.dll PORT
using System.Globalization;
using System.IO.Compression;
using System.Net;
using Grpc.Core;
using Grpc.Net.Compression;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using RealNameApi.Benchmarks.Echo.V1;

if (args.Length != 1 || !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
{
    Console.Error.WriteLine("usage: RealNameApi.EchoServer PORT");
    return 2;
}

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel =>
    kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
builder.Services.AddGrpc(grpc =>
{
    grpc.MaxReceiveMessageSize = 4 * 1024 * 1024;
    grpc.MaxSendMessageSize = 4 * 1024 * 1024;
    grpc.CompressionProviders = [new GzipCompressionProvider(CompressionLevel.Fastest)];
    grpc.ResponseCompressionAlgorithm = "gzip";
});
builder.Services.AddSingleton<EchoImpl>();

var app = builder.Build();
app.MapGrpcService<EchoImpl>();
app.Run();
return 0;

/// <summary>
/// Answers with the request's text and payload, as the C++ reference server does, or with a
/// payload of the size asked for (made once per size, so the echo does no more work than copying).
/// </summary>
internal sealed class EchoImpl : EchoService.EchoServiceBase
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, Google.Protobuf.ByteString> _payloads = new();

    public override Task<EchoResponse> Echo(EchoRequest request, ServerCallContext context) =>
        Task.FromResult(new EchoResponse
        {
            Text = request.Text,
            Payload = request.ResponsePayloadSize > 0
                ? _payloads.GetOrAdd(Math.Min(request.ResponsePayloadSize, 1024 * 1024), size => Google.Protobuf.ByteString.CopyFrom(new byte[size]))
                : request.Payload,
        });
}
