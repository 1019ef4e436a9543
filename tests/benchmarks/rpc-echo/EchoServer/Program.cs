// bench.v1.EchoService on the project's gRPC layer, set up as the service itself is: Kestrel,
// an HTTP/2-only cleartext port, handlers bound from the service descriptor.
// Usage: dotnet RealNameApi.Rpc.EchoServer.dll PORT
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using RealNameApi.Rpc;
using RealNameApi.Rpc.Benchmarks.V1;

var port = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 50052;
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
builder.Services.AddRpc();
builder.Services.AddSingleton<EchoHandler>();
var app = builder.Build();
app.MapRpcService<EchoHandler>(EchoReflection.Descriptor.Services[0]);
app.Run();

/// <summary>The echo handler.</summary>
internal sealed class EchoHandler
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Handlers are bound as instance methods.")]
    public Task<EchoResponse> Echo(EchoRequest request, ServerCallContext context) =>
        Task.FromResult(new EchoResponse { Text = request.Text, Payload = request.Payload });
}
