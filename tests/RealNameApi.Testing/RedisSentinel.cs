using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace RealNameApi.Testing;

/// <summary>
/// A primary, its replica and three Sentinels on 127.0.0.1, each a <see cref="RedisServer"/>
/// (under the same guard, killed with the test host). The Sentinels watch the primary as
/// <see cref="ServiceName"/> with a quorum of two and fail over one second after it stops
/// answering; the service connects through them (<see cref="Configuration"/>).
/// </summary>
public sealed class RedisSentinel : IRedisDeployment, IDisposable
{
    public const string ServiceName = "realname";

    private static readonly TimeSpan ReadyLimit = TimeSpan.FromSeconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("realname-sentinel-").FullName;
    private readonly List<RedisServer> _data = [];
    private readonly List<RedisServer> _sentinels = [];

    private RedisSentinel()
    {
    }

    /// <summary>The two data nodes: the first primary, then its replica (their roles swap on a failover).</summary>
    public IReadOnlyList<RedisServer> DataNodes => _data;

    public IReadOnlyList<RedisServer> Sentinels => _sentinels;

    /// <summary>The Sentinels' addresses and the service name, as StackExchange.Redis takes them.</summary>
    public string Configuration => string.Join(',', _sentinels.Select(s => s.Configuration)) + ",serviceName=" + ServiceName;

    /// <summary>Starts the primary, the replica and the Sentinels, and waits until the Sentinels know both and each other.</summary>
    public static async Task<RedisSentinel> StartAsync(CancellationToken cancellationToken = default)
    {
        var deployment = new RedisSentinel();
        try
        {
            var primary = new RedisServer();
            deployment._data.Add(primary);
            deployment._data.Add(new RedisServer(["--replicaof", "127.0.0.1", primary.Port.ToString(CultureInfo.InvariantCulture)]));
            for (var i = 0; i < 3; i++)
            {
                // A Sentinel rewrites its configuration file as it learns: each gets one of its own.
                var file = Path.Combine(deployment._directory, $"sentinel-{i}.conf");
                await File.WriteAllTextAsync(file, $"""
                    sentinel monitor {ServiceName} 127.0.0.1 {primary.Port} 2
                    sentinel down-after-milliseconds {ServiceName} 1000
                    sentinel failover-timeout {ServiceName} 10000
                    sentinel parallel-syncs {ServiceName} 1

                    """, cancellationToken);
                deployment._sentinels.Add(new RedisServer(["--sentinel"], file));
            }

            await WaitUntilAsync(async () => await deployment.UnreadyReasonAsync(), cancellationToken);
            return deployment;
        }
        catch
        {
            deployment.Dispose();
            throw;
        }
    }

    /// <summary>The port of the primary the Sentinels name now (<c>SENTINEL get-master-addr-by-name</c>).</summary>
    public async Task<int> PrimaryPortAsync()
    {
        foreach (var sentinel in _sentinels.Where(s => s.ProcessId is not null))
        {
            try
            {
                using var client = await RespClient.ConnectAsync(sentinel.Port);
                var reply = (object?[])(await client.CommandAsync("SENTINEL", "get-master-addr-by-name", ServiceName))!;
                return int.Parse(Encoding.ASCII.GetString((byte[])reply[1]!), CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
            }
        }

        throw new InvalidOperationException("No Sentinel answered.");
    }

    /// <summary>The data node that is the primary now.</summary>
    public async Task<RedisServer> PrimaryAsync()
    {
        var port = await PrimaryPortAsync();
        return _data.Single(n => n.Port == port);
    }

    /// <summary>Waits until the replica has every write the primary has (their replication offsets agree).</summary>
    public Task WaitUntilReplicatedAsync(CancellationToken cancellationToken = default) =>
        WaitUntilAsync(async () =>
        {
            var primary = await PrimaryAsync();
            var replica = _data.Single(n => n != primary);
            var primaryOffset = (await InfoAsync(primary, "replication")).GetValueOrDefault("master_repl_offset");
            var replicaOffset = (await InfoAsync(replica, "replication")).GetValueOrDefault("slave_repl_offset");
            return primaryOffset is not null && primaryOffset == replicaOffset ? "" : $"replica at {replicaOffset}, primary at {primaryOffset}";
        }, cancellationToken);

    /// <summary>Waits until the Sentinels name a primary other than <paramref name="formerPort"/> and it answers as one.</summary>
    public Task WaitForFailoverAsync(int formerPort, CancellationToken cancellationToken = default) =>
        WaitUntilAsync(async () =>
        {
            var port = await PrimaryPortAsync();
            if (port == formerPort)
            {
                return "the Sentinels still name the former primary";
            }

            var role = (await InfoAsync(_data.Single(n => n.Port == port), "replication")).GetValueOrDefault("role");
            return role == "master" ? "" : $"the new primary still reports role {role}";
        }, cancellationToken);

    public void Dispose()
    {
        foreach (var server in _sentinels.Concat(_data))
        {
            server.Dispose();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<Dictionary<string, string>> InfoAsync(RedisServer server, string section)
    {
        using var client = await RespClient.ConnectAsync(server.Port);
        return Fields(Encoding.UTF8.GetString((byte[])(await client.CommandAsync("INFO", section))!));
    }

    private static Dictionary<string, string> Fields(string info) =>
        info.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.Contains(':', StringComparison.Ordinal) && !l.StartsWith('#'))
            .Select(l => l.Split(':', 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    private async Task<string> UnreadyReasonAsync()
    {
        var replica = await InfoAsync(_data[1], "replication");
        if (replica.GetValueOrDefault("master_link_status") != "up")
        {
            return "the replica is not linked to the primary";
        }

        foreach (var sentinel in _sentinels)
        {
            using var client = await RespClient.ConnectAsync(sentinel.Port);
            var reply = (object?[])(await client.CommandAsync("SENTINEL", "master", ServiceName))!;
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i + 1 < reply.Length; i += 2)
            {
                fields[Encoding.UTF8.GetString((byte[])reply[i]!)] = Encoding.UTF8.GetString((byte[])reply[i + 1]!);
            }

            if (fields.GetValueOrDefault("num-slaves") != "1" || fields.GetValueOrDefault("num-other-sentinels") != "2")
            {
                return $"Sentinel {sentinel.Port} knows {fields.GetValueOrDefault("num-slaves")} replicas and {fields.GetValueOrDefault("num-other-sentinels")} other Sentinels";
            }
        }

        return "";
    }

    private static Task WaitUntilAsync(Func<Task<string>> unreadyReason, CancellationToken cancellationToken) =>
        Readiness.WaitUntilAsync("Redis Sentinel was not ready", ReadyLimit, unreadyReason, cancellationToken);
}
