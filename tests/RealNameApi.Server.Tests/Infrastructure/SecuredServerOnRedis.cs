using RealNameApi.Testing;

namespace RealNameApi.Server.Tests.Infrastructure;

/// <summary>The same two tenants' keys as <see cref="SecuredServer"/>, on a real redis-server.</summary>
public sealed class SecuredServerOnRedis : IAsyncLifetime
{
    private ServerProcess? _server;

    public TestKey TenantAll { get; } = new("a-all", "tenant-a", ["diagnose", "status.read"]);

    public TestKey OtherTenant { get; } = new("b-all", "tenant-b", ["diagnose", "status.read"]);

    public RedisServer Redis { get; } = new();

    public ServerProcess Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync("secured-redis", TestKey.Configuration(TenantAll, OtherTenant).Concat(TwoServersOnOneRedis.Configuration(Redis)));
        await _server.WaitForOutputAsync("cache and status store: Redis", TimeSpan.FromSeconds(10));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Redis.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class SecuredServerOnRedisGroup : ICollectionFixture<SecuredServerOnRedis>
{
    public const string Name = "secured server on Redis";
}
