// bench.v1.EchoService on the project's gRPC layer, composed as src/RealNameApi.Server is: the slim
// builder, Kestrel with an HTTP/2-only cleartext port, AddRpc, a singleton handler bound from the
// service descriptor. Logging stays on at Warning, as in production, so nothing is logged per call.
// Usage: dotnet RealNameApi.Rpc.EchoServer.dll PORT
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using RealNameApi.Rpc;
using RealNameApi.Rpc.Benchmarks.V1;

if (args.Length != 1 || !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
{
    Console.Error.WriteLine("usage: RealNameApi.Rpc.EchoServer PORT");
    return 2;
}

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel =>
    kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
builder.Services.AddRpc();
builder.Services.AddSingleton<EchoHandler>();

var app = builder.Build();
app.MapRpcService<EchoHandler>(EchoReflection.Descriptor.Services[0]);
app.Run();
return 0;

/// <summary>Answers with the request's text and payload, as the C++ reference server does.</summary>
internal sealed class EchoHandler
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "The layer binds handlers as instance methods.")]
    public Task<EchoResponse> Echo(EchoRequest request, ServerCallContext context) =>
        Task.FromResult(new EchoResponse { Text = request.Text, Payload = request.Payload });
}
