using RealNameApi.Testing;

namespace RealNameApi.Server.Tests.Infrastructure;

/// <summary>
/// A real redis-server and two server processes (A and B) sharing it and one
/// <c>Cache:KeySecret</c>, as two replicas behind a load balancer. They log at Debug, so the
/// personal-data checks read as much log output as the server can produce.
/// </summary>
public sealed class TwoServersOnOneRedis : IAsyncLifetime, IDisposable
{
    /// <summary>The key secret both replicas share (at least 16 characters).</summary>
    public const string KeySecret = "server-tests-shared-key-secret-0123456789";

    private RedisServer? _redis;
    private ServerProcess? _a;
    private ServerProcess? _b;

    public RedisServer Redis => _redis ?? throw new InvalidOperationException("Redis has not started.");

    public ServerProcess A => _a ?? throw new InvalidOperationException("Server A has not started.");

    public ServerProcess B => _b ?? throw new InvalidOperationException("Server B has not started.");

    public static string[] Configuration(RedisServer redis, bool debugLogs = false) =>
    [
        $"--Redis:Configuration={redis.Configuration}",
        $"--Cache:KeySecret={KeySecret}",
        .. debugLogs ? new[] { "--Logging:LogLevel:Default=Debug", "--Logging:LogLevel:Microsoft.AspNetCore=Debug" } : [],
    ];

    public async Task InitializeAsync()
    {
        _redis = new RedisServer();
        var a = ServerProcess.StartAsync("A", Configuration(_redis, debugLogs: true));
        var b = ServerProcess.StartAsync("B", Configuration(_redis, debugLogs: true));
        try
        {
            await Task.WhenAll(a, b);
        }
        finally
        {
            _a = a.IsCompletedSuccessfully ? a.Result : null;
            _b = b.IsCompletedSuccessfully ? b.Result : null;
        }

        await A.WaitForOutputAsync("cache and status store: Redis", TimeSpan.FromSeconds(10));
        await B.WaitForOutputAsync("cache and status store: Redis", TimeSpan.FromSeconds(10));
    }

    public async Task DisposeAsync()
    {
        if (_a is not null)
        {
            await _a.DisposeAsync();
        }

        if (_b is not null)
        {
            await _b.DisposeAsync();
        }

        Dispose();
    }

    public void Dispose() => _redis?.Dispose();
}
