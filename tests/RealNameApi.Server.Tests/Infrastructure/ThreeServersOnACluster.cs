using RealNameApi.Testing;

namespace RealNameApi.Server.Tests.Infrastructure;

/// <summary>
/// A real Redis Cluster (three primaries, a replica each) and three server processes on it
/// sharing one <c>Cache:KeySecret</c>, as three replicas behind a load balancer.
/// </summary>
public sealed class ThreeServersOnACluster : IAsyncLifetime
{
    private static readonly string[] Names = ["A", "B", "C"];
    private readonly List<ServerProcess> _servers = [];
    private RedisCluster? _cluster;

    public RedisCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public IReadOnlyList<ServerProcess> Servers => _servers;

    public async Task InitializeAsync()
    {
        _cluster = await RedisCluster.StartAsync();
        var starts = Names.Select(name => ServerProcess.StartAsync(name,
        [
            $"--Redis:Configuration={_cluster.Configuration}",
            $"--Cache:KeySecret={TwoServersOnOneRedis.KeySecret}",
        ])).ToList();
        try
        {
            await Task.WhenAll(starts);
        }
        finally
        {
            _servers.AddRange(starts.Where(s => s.IsCompletedSuccessfully).Select(s => s.Result));
        }

        foreach (var server in _servers)
        {
            await server.WaitForOutputAsync("cache and status store: Redis", TimeSpan.FromSeconds(10));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        _cluster?.Dispose();
    }
}
