using RealNameApi.Testing;
using StackExchange.Redis;

namespace RealNameApi.Caching.Tests.Infrastructure;

/// <summary>A real Redis Cluster (three primaries, a replica each) with a cluster-aware connection for inspecting it.</summary>
public sealed class ClusterWithAdmin : IRedisWithAdmin, IAsyncLifetime
{
    private RedisCluster? _cluster;
    private ConnectionMultiplexer? _admin;

    public RedisCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public ConnectionMultiplexer Admin => _admin ?? throw new InvalidOperationException("The cluster has not started.");

    public string Configuration => Cluster.Configuration;

    public async Task InitializeAsync()
    {
        _cluster = await RedisCluster.StartAsync();
        _admin = await ConnectionMultiplexer.ConnectAsync($"{_cluster.Configuration},allowAdmin=true,abortConnect=false,syncTimeout=5000,asyncTimeout=5000");
    }

    public async Task DisposeAsync()
    {
        if (_admin is not null)
        {
            await _admin.DisposeAsync();
        }

        _cluster?.Dispose();
    }
}

/// <summary>The cluster shared by the tests that run against one; they run one at a time, as a failover test kills nodes.</summary>
[CollectionDefinition(Name)]
public sealed class SharedCluster : ICollectionFixture<ClusterWithAdmin>
{
    public const string Name = "redis cluster";
}
