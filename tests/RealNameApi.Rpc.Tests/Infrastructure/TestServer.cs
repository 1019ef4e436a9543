using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RealNameApi.Rpc.Client;
using RealNameApi.Rpc.Health;
using RealNameApi.Rpc.Tests.Echo;

namespace RealNameApi.Rpc.Tests.Infrastructure;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with the production layout: an HTTP/2-only cleartext port for
/// gRPC and an HTTP/1.1+2 port for gRPC-Web, serving the echo service, health and reflection.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    public const string AllowedOrigin = "https://dashboard.example.test";

    private TestServer(WebApplication app, Uri grpcAddress, Uri httpAddress, LogCapture logs)
    {
        App = app;
        GrpcAddress = grpcAddress;
        HttpAddress = httpAddress;
        Logs = logs;
    }

    public WebApplication App { get; }

    /// <summary>The HTTP/2-only (h2c prior knowledge) port.</summary>
    public Uri GrpcAddress { get; }

    /// <summary>The HTTP/1.1 and HTTP/2 port.</summary>
    public Uri HttpAddress { get; }

    public LogCapture Logs { get; }

    public CallObserver Observer => App.Services.GetRequiredService<CallObserver>();

    public HealthStatusRegistry Health => App.Services.GetRequiredService<HealthStatusRegistry>();

    /// <param name="configure">Server options, after the defaults (gRPC-Web on, one allowed origin).</param>
    /// <param name="map">Further mappings and services.</param>
    /// <param name="mapDefaults">Whether to map the echo service, health and reflection.</param>
    /// <param name="services">Further service registrations.</param>
    public static async Task<TestServer> StartAsync(
        Action<RpcServerOptions>? configure = null,
        Action<WebApplication>? map = null,
        bool mapDefaults = true,
        Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        var logs = new LogCapture();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1AndHttp2);
        });
        builder.Services.AddSingleton<CallObserver>();
        builder.Services.AddRpc(options =>
        {
            options.GrpcWeb.Enabled = true;
            options.GrpcWeb.AllowedOrigins.Add(AllowedOrigin);
            configure?.Invoke(options);
        });
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseCors();
        if (mapDefaults)
        {
            app.MapRpcService<EchoHandler>(EchoReflection.Descriptor.Services[0]);
            app.MapRpcHealth();
            app.MapRpcReflection();
        }
        map?.Invoke(app);
        await app.StartAsync();

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();
        return new TestServer(app, new Uri(addresses[0]), new Uri(addresses[1]), logs);
    }

    public RpcChannel Channel(RpcChannelOptions? options = null) => new(GrpcAddress, options);

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>One server shared by the tests of a class.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public TestServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
