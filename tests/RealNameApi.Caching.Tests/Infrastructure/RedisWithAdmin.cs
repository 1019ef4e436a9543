using RealNameApi.Testing;
using StackExchange.Redis;

namespace RealNameApi.Caching.Tests.Infrastructure;

/// <summary>A Redis deployment with a connection for inspecting it from tests (TTL, INFO, reading keys).</summary>
public interface IRedisWithAdmin : IRedisDeployment
{
    ConnectionMultiplexer Admin { get; }
}

/// <summary>A real redis-server with a connection for inspecting it from tests (SCAN, TTL, INFO).</summary>
public sealed class RedisWithAdmin : RedisServer, IRedisWithAdmin
{
    private readonly Lock _gate = new();
    private ConnectionMultiplexer? _admin;

    public ConnectionMultiplexer Admin
    {
        get
        {
            lock (_gate)
            {
                return _admin ??= ConnectionMultiplexer.Connect($"{Configuration},allowAdmin=true,abortConnect=false,syncTimeout=2000");
            }
        }
    }

    public IServer AdminServer => Admin.GetServer(Configuration);

    protected override void Dispose(bool disposing)
    {
        lock (_gate)
        {
            _admin?.Dispose();
            _admin = null;
        }
        base.Dispose(disposing);
    }
}

/// <summary>The redis-server shared by the tests that keep it running.</summary>
[CollectionDefinition(Name)]
public sealed class SharedRedis : ICollectionFixture<RedisWithAdmin>
{
    public const string Name = "redis";
}
