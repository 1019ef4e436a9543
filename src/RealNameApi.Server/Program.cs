using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using RealNameApi.Caching;
using RealNameApi.Caching.Configuration;
using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Engine;
using RealNameApi.Rpc;
using RealNameApi.Server;
using RealNameApi.Server.Configuration;
using RealNameApi.Server.Health;
using RealNameApi.Server.Services;

var builder = WebApplication.CreateSlimBuilder(args);

var serverOptions = builder.Configuration.GetSection(ServerOptions.SectionName).Get<ServerOptions>() ?? new ServerOptions();
var problems = serverOptions.Validate().ToList();
if (problems.Count > 0)
{
    throw new OptionsValidationException(ServerOptions.SectionName, typeof(ServerOptions), problems);
}

builder.WebHost.ConfigureKestrel(kestrel =>
{
    var address = IPAddress.Parse(serverOptions.ListenAddress);
    kestrel.Listen(address, serverOptions.GrpcPort, listen => listen.Protocols = HttpProtocols.Http2);
    // Browsers reach cleartext ports over HTTP/1.1 only (HTTP/2 needs TLS to be negotiated),
    // which is what gRPC-Web is for.
    kestrel.Listen(address, serverOptions.HttpPort, listen => listen.Protocols = HttpProtocols.Http1);
});

builder.Services.AddServerLimits(builder.Configuration);

builder.Services.AddRpc(rpc =>
{
    rpc.GrpcWeb.Enabled = true;
    foreach (var origin in serverOptions.AllowedOrigins)
    {
        rpc.GrpcWeb.AllowedOrigins.Add(origin);
    }
});
builder.Services.AddRealNameCaching(builder.Configuration);
// Loaded and validated once, before the first request: a broken catalog stops start-up with
// the file, rule and field at fault.
builder.Services.AddSingleton(DiagnosisEngine.Create(serverOptions.CatalogDirectory, serverOptions.CalendarDirectory));
builder.Services.AddSingleton<RemediationService>();
builder.Services.AddSingleton<VerificationStatusService>();
builder.Services.AddHostedService<CacheHealthReporter>();

var app = builder.Build();
app.UseCors();
app.MapRpcService<RemediationService>(RemediationServiceReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.ServiceDescriptor>("RemediationService"));
app.MapRpcService<VerificationStatusService>(VerificationStatusServiceReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.ServiceDescriptor>("VerificationStatusService"));
app.MapRpcHealth();
app.MapRpcReflection();
// Plain liveness for container health checks and load balancers that do not speak gRPC.
app.MapGet("/healthz", () => "ok");

app.Lifetime.ApplicationStarted.Register(() =>
{
    var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("RealNameApi.Server");
    var endpoints = app.Urls.ToList();
    Log.Listening(logger, endpoints.ElementAtOrDefault(0) ?? "", endpoints.ElementAtOrDefault(1) ?? "");
    var redis = app.Services.GetRequiredService<IOptions<RedisOptions>>().Value;
    Log.Ready(logger, app.Services.GetRequiredService<DiagnosisEngine>().CatalogVersion, redis.IsConfigured ? "Redis" : "embedded (in process)");
});

app.Run();

/// <summary>The entry point, visible to the functional tests that host the server in process.</summary>
public partial class Program;
