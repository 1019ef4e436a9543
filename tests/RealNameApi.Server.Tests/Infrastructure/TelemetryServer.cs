using RealNameApi.Testing;

namespace RealNameApi.Server.Tests.Infrastructure;

/// <summary>
/// A real redis-server and a server process on it that prints its spans (the console
/// exporter) and reads case counts twice a second, for the telemetry tests.
/// </summary>
public sealed class TelemetryServer : IAsyncLifetime, IDisposable
{
    private RedisServer? _redis;
    private ServerProcess? _server;

    public ServerProcess Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public static string[] Configuration(RedisServer redis) =>
    [
        .. TwoServersOnOneRedis.Configuration(redis),
        "--Telemetry:ConsoleTraces=true",
        "--Telemetry:CaseCountInterval=00:00:00.5",
    ];

    public async Task InitializeAsync()
    {
        _redis = new RedisServer();
        _server = await ServerProcess.StartAsync("telemetry", Configuration(_redis));
        await _server.WaitForOutputAsync("cache and status store: Redis", TimeSpan.FromSeconds(10));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Dispose();
    }

    public void Dispose() => _redis?.Dispose();
}
