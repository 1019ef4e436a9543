using System.IO.Compression;
using System.Net;
using Grpc.AspNetCore.Web;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using RealNameApi.Caching;
using RealNameApi.Caching.Configuration;
using RealNameApi.Caching.Health;
using RealNameApi.Diagnosis.Engine;
using RealNameApi.Server;
using RealNameApi.Server.Auth;
using RealNameApi.Server.Configuration;
using RealNameApi.Server.Cors;
using RealNameApi.Server.Dashboard;
using RealNameApi.Server.Health;
using RealNameApi.Server.Interceptors;
using RealNameApi.Server.Logging;
using RealNameApi.Server.Memory;
using RealNameApi.Server.RateLimiting;
using RealNameApi.Server.Scheduling;
using RealNameApi.Server.Services;
using RealNameApi.Server.Telemetry;
using RealNameApi.Server.Testing;
using RealNameApi.Server.Transport;

// The content root (where appsettings.json is read from) is the assembly's directory, not the
// working directory ASP.NET Core defaults to: `dotnet path/to/RealNameApi.Server.dll` started
// anywhere else ran on no settings file at all, and logged four Information lines per call.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

var serverOptions = ServerOptions.Read(builder.Configuration);
var authOptions = AuthOptions.Read(builder.Configuration);
var rateLimitOptions = RateLimitOptions.Read(builder.Configuration);
var tlsOptions = TlsOptions.Read(builder.Configuration);
var problems = serverOptions.Validate()
    .Concat(authOptions.Validate(serverOptions.ListenAddress))
    .Concat(rateLimitOptions.Validate())
    .Concat(tlsOptions.Validate())
    .ToList();
if (problems.Count > 0)
{
    throw new OptionsValidationException(ServerOptions.SectionName, typeof(ServerOptions), problems);
}

builder.WebHost.ConfigureKestrel(kestrel =>
{
    var address = IPAddress.Parse(serverOptions.ListenAddress);
    kestrel.Listen(address, serverOptions.GrpcPort, listen =>
    {
        listen.Protocols = HttpProtocols.Http2;
        listen.UseHttp2FloodGuard();
    });
    // Browsers reach cleartext ports over HTTP/1.1 only (HTTP/2 needs TLS to be negotiated),
    // which is what gRPC-Web is for.
    kestrel.Listen(address, serverOptions.HttpPort, listen => listen.Protocols = HttpProtocols.Http1);
    if (tlsOptions.IsEnabled)
    {
        // Last, so the cleartext ports keep their places in the start-up log. ALPN picks h2
        // (native gRPC, gRPC-Web) or http/1.1 (gRPC-Web) per connection.
        var certificate = tlsOptions.LoadCertificate();
        kestrel.Listen(address, tlsOptions.Port!.Value, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(new Microsoft.AspNetCore.Server.Kestrel.Https.HttpsConnectionAdapterOptions
            {
                ServerCertificate = certificate,
                ServerCertificateChain = tlsOptions.LoadChain(),
            });
            listen.UseHttp2FloodGuard();
        });
    }
});

builder.Logging.AddTransportEventCounting();
builder.Services.AddServerLimits(builder.Configuration);
builder.Services.AddIdleMemoryRelease(builder.Configuration);

builder.Services.AddGrpc(grpc =>
{
    grpc.MaxReceiveMessageSize = 4 * 1024 * 1024;
    // The largest answer, a full page of rules or a batch of 100 diagnoses, is far below this;
    // a larger one would be a fault, answered RESOURCE_EXHAUSTED rather than sent.
    grpc.MaxSendMessageSize = 4 * 1024 * 1024;
    // gzip requests are read. Responses go plain, as grpc's own servers send them by default: a
    // diagnosis is a few KB, and gzipping each one cost about 40% of Diagnose's throughput
    // (h2load, cache hits) for callers that merely accept gzip, as grpc-dotnet's client does.
    grpc.CompressionProviders = [new CheckedGzipCompressionProvider(CompressionLevel.Fastest)];
    grpc.EnableDetailedErrors = false;
    grpc.Interceptors.Add<ErrorInterceptor>();
    grpc.Interceptors.Add<DeadlineHeaderInterceptor>();
});
// Registered, the interceptors are taken from DI: one of each for the server's life. Unregistered,
// grpc-dotnet builds both for every call (with ErrorInterceptor's list of platform ids), about
// 2.5% of a cached Diagnose's server CPU (perf). Neither keeps state of a call.
builder.Services.AddSingleton<ErrorInterceptor>();
builder.Services.AddSingleton<DeadlineHeaderInterceptor>();
builder.Services.AddGrpcReflection();
builder.Services.AddGrpcHealthChecks(health =>
{
    // The services answer without Redis (fail-open), so only realname.cache reports the cache.
    health.Services.Map("", check => check.Tags.Contains(HealthNames.ServiceTag));
    health.Services.Map("realname.v1.RemediationService", check => check.Tags.Contains(HealthNames.ServiceTag));
    health.Services.Map("realname.v1.VerificationStatusService", check => check.Tags.Contains(HealthNames.ServiceTag));
    health.Services.Map(ICacheHealth.ServiceName, check => check.Tags.Contains(HealthNames.CacheTag));
})
    .AddCheck<CatalogHealthCheck>("catalog", tags: [HealthNames.ServiceTag])
    .AddCheck<CacheHealthCheck>("cache", tags: [HealthNames.CacheTag]);
builder.Services.Configure<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckPublisherOptions>(publisher =>
{
    // Health/Watch streams follow the publisher; CacheHealthReporter pushes cache changes at once.
    publisher.Delay = TimeSpan.FromSeconds(1);
    publisher.Period = TimeSpan.FromSeconds(5);
});
builder.Services.AddGrpcWebCors(serverOptions);
builder.Services.AddAccessControl(authOptions, rateLimitOptions);
builder.Services.AddRealNameCaching(builder.Configuration);
builder.Services.AddTestClock(builder.Configuration);
builder.Services.AddDashboard();
// Loaded and validated once, before the first request: a broken catalog stops start-up with
// the file, rule and field at fault.
builder.Services.AddSingleton(DiagnosisEngine.Create(serverOptions.CatalogDirectory, serverOptions.CalendarDirectory));
builder.Services.AddSingleton<RemediationService>();
builder.Services.AddSingleton<VerificationStatusService>();
// The threads listings are read on: as many as may run at once.
builder.Services.AddSingleton(services => new LowPriorityScheduler(
    services.GetRequiredService<IOptions<LimitsOptions>>().Value.MaxConcurrentListings, "listing"));
builder.Services.AddHostedService<CacheHealthReporter>();
builder.AddRealNameTelemetry();

var app = builder.Build();
app.UseRouting();
app.UseRefusedPreflightAnswer(serverOptions);
app.UseCors();
app.UseGrpcWebWithCheckedText(new GrpcWebOptions { DefaultEnabled = true });
app.UseRequestFrameCheck();
app.UseRealNameTelemetry();
app.UseRequestMetadataLimit();
app.UseAccessControl();
app.MapGrpcService<RemediationService>().RequireAccess(Roles.Diagnose);
app.MapGrpcService<VerificationStatusService>().RequireAccess(Roles.StatusRead);
// Health stays open (load balancers and orchestrators have no key) and unlimited.
app.MapGrpcHealthChecksService();
app.MapGrpcReflectionService().RequireAccess(AccessControl.AnyKey);
// Plain liveness for container health checks and load balancers that do not speak gRPC.
app.MapGet("/healthz", () => "ok");

app.Lifetime.ApplicationStarted.Register(() =>
{
    var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("RealNameApi.Server");
    var endpoints = app.Urls.ToList();
    if (tlsOptions.IsEnabled)
    {
        // Before the line that names the cleartext ports, which tells watchers the server is up.
        using var certificate = tlsOptions.LoadCertificate();
        Log.ListeningTls(logger, endpoints.ElementAtOrDefault(2) ?? "", certificate.Subject, certificate.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }
    AccessControl.LogAccess(logger, authOptions, serverOptions.ListenAddress);
    if (authOptions.HasKeys && !IPAddress.IsLoopback(IPAddress.Parse(serverOptions.ListenAddress)))
    {
        Log.CleartextBeyondLoopback(logger, serverOptions.ListenAddress);
    }
    Log.Listening(logger, endpoints.ElementAtOrDefault(0) ?? "", endpoints.ElementAtOrDefault(1) ?? "");
    Log.AllowedOrigins(logger, serverOptions.AllowedOrigins.Count > 0 ? string.Join(", ", serverOptions.AllowedOrigins) : "none (same-origin pages only)");
    var redis = app.Services.GetRequiredService<IOptions<RedisOptions>>().Value;
    Log.Ready(logger, app.Services.GetRequiredService<DiagnosisEngine>().CatalogVersion, redis.IsConfigured ? "Redis" : "embedded (in process)");
});

app.Run();

/// <summary>The entry point, visible to the functional tests that host the server in process.</summary>
public partial class Program;
