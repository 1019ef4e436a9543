using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RealNameApi.Testing;

/// <summary>
/// A real Redis Cluster on 127.0.0.1: primaries with a replica each, every node a
/// <see cref="RedisServer"/> (so each runs under the same guard, killed with the test host),
/// joined by <c>redis-cli --cluster create</c>. A short node timeout lets a replica take over a
/// killed primary within a few seconds. Other shards keep answering while one is down
/// (<c>cluster-require-full-coverage no</c>), as a production cluster of this service should.
/// </summary>
public sealed class RedisCluster : IRedisDeployment, IDisposable
{
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromSeconds(60);

    private readonly List<RedisServer> _nodes;

    private RedisCluster(List<RedisServer> nodes, TimeSpan nodeTimeout)
    {
        _nodes = nodes;
        NodeTimeout = nodeTimeout;
    }

    /// <summary>Every node, primaries and replicas, in the order they were started.</summary>
    public IReadOnlyList<RedisServer> Nodes => _nodes;

    /// <summary>How long a node may be unreachable before it is failed over (<c>cluster-node-timeout</c>).</summary>
    public TimeSpan NodeTimeout { get; }

    /// <summary>Every node's address: the client learns the slots from whichever answers.</summary>
    public string Configuration => string.Join(',', _nodes.Select(n => n.Configuration));

    /// <summary>
    /// Starts <paramref name="primaries"/> primaries and as many replicas, creates the cluster,
    /// and waits until every node reports <c>cluster_state:ok</c> and every replica is in sync.
    /// </summary>
    public static async Task<RedisCluster> StartAsync(int primaries = 3, TimeSpan? nodeTimeout = null, CancellationToken cancellationToken = default)
    {
        var timeout = nodeTimeout ?? TimeSpan.FromMilliseconds(1500);
        var nodes = new List<RedisServer>();
        try
        {
            for (var i = 0; i < primaries * 2; i++)
            {
                // The cluster bus gets a free port of its own: the default (port + 10000) may be taken or out of range.
                nodes.Add(new RedisServer(
                [
                    "--cluster-enabled", "yes",
                    "--cluster-config-file", "nodes.conf",
                    "--cluster-node-timeout", ((int)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
                    "--cluster-port", FreePort().ToString(CultureInfo.InvariantCulture),
                    "--cluster-require-full-coverage", "no",
                ]));
            }

            var cluster = new RedisCluster(nodes, timeout);
            await cluster.CreateAsync(cancellationToken);
            await cluster.WaitUntilHealthyAsync(cancellationToken);
            return cluster;
        }
        catch
        {
            foreach (var node in nodes)
            {
                node.Dispose();
            }

            throw;
        }
    }

    /// <summary>The hash slot of a key, as the cluster computes it (<c>CLUSTER KEYSLOT</c>).</summary>
    public async Task<int> SlotOfAsync(string key)
    {
        using var client = await RespClient.ConnectAsync(RunningNodes().First().Port);
        return (int)(long)(await client.CommandAsync("CLUSTER", "KEYSLOT", key))!;
    }

    /// <summary>The node that serves a slot as primary now, as the running nodes see it.</summary>
    public async Task<RedisServer> PrimaryOfSlotAsync(int slot)
    {
        foreach (var node in await ReadNodesAsync())
        {
            if (node.IsPrimary && !node.Failed && node.Slots.Any(range => range.First <= slot && slot <= range.Last))
            {
                return _nodes.Single(n => n.Port == node.Port);
            }
        }

        throw new InvalidOperationException($"No running primary serves slot {slot}.");
    }

    /// <summary>
    /// Waits until a node other than <paramref name="former"/> serves <paramref name="slot"/> as
    /// primary: the failover is done. Restart a killed primary only after it: a node without
    /// persistence that comes back before its replica took over would rejoin as the primary,
    /// empty, and its replica would copy the empty data set.
    /// </summary>
    public async Task<RedisServer> WaitForFailoverAsync(int slot, RedisServer former, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var primary = await PrimaryOfSlotAsync(slot);
                if (primary != former)
                {
                    return primary;
                }
            }
            catch (Exception e) when (e is InvalidOperationException or SocketException or IOException)
            {
            }

            if (clock.Elapsed > ReadyLimit)
            {
                throw new TimeoutException($"No replica took over slot {slot} within {ReadyLimit.TotalSeconds:0} s.");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>The primaries now, each with the slot ranges it serves.</summary>
    public async Task<IReadOnlyList<(RedisServer Node, IReadOnlyList<(int First, int Last)> Slots)>> PrimariesAsync() =>
        [.. (await ReadNodesAsync()).Where(n => n.IsPrimary && !n.Failed && n.Slots.Count > 0).Select(n => (_nodes.Single(s => s.Port == n.Port), n.Slots))];

    /// <summary>
    /// Waits until every running node sees the whole cluster healthy: <c>cluster_state:ok</c>,
    /// all 16384 slots served, no node it still counts as failed, and each replica linked to
    /// its primary with the replication offset caught up.
    /// </summary>
    public Task WaitUntilHealthyAsync(CancellationToken cancellationToken = default) =>
        Readiness.WaitUntilAsync("The Redis cluster was not healthy", ReadyLimit, UnhealthyReasonAsync, cancellationToken);

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }
    }

    private IEnumerable<RedisServer> RunningNodes() => _nodes.Where(n => n.ProcessId is not null);

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("redis-cli")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add("--cluster");
        start.ArgumentList.Add("create");
        foreach (var node in _nodes)
        {
            start.ArgumentList.Add(node.Configuration);
        }

        start.ArgumentList.Add("--cluster-replicas");
        start.ArgumentList.Add("1");
        start.ArgumentList.Add("--cluster-yes");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("redis-cli did not start.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).WaitAsync(ReadyLimit, cancellationToken);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"redis-cli --cluster create did not finish within {ReadyLimit.TotalSeconds:0} s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-cli --cluster create exited with {process.ExitCode}: {await output}{await errors}");
        }
    }

    private async Task<string> UnhealthyReasonAsync()
    {
        var running = RunningNodes().ToList();
        foreach (var node in running)
        {
            using var client = await RespClient.ConnectAsync(node.Port);
            var info = Fields(Encoding.UTF8.GetString((byte[])(await client.CommandAsync("CLUSTER", "INFO"))!));
            if (info.GetValueOrDefault("cluster_state") != "ok" || info.GetValueOrDefault("cluster_slots_ok") != "16384")
            {
                return $"node {node.Port}: cluster_state {info.GetValueOrDefault("cluster_state")}, slots ok {info.GetValueOrDefault("cluster_slots_ok")}";
            }

            var seen = Parse(Encoding.UTF8.GetString((byte[])(await client.CommandAsync("CLUSTER", "NODES"))!));
            if (seen.Count != _nodes.Count || seen.Any(n => n.Failed != _nodes.Single(s => s.Port == n.Port).ProcessId is null))
            {
                return $"node {node.Port} does not yet see each node up or down as it is";
            }

            var replication = Fields(Encoding.UTF8.GetString((byte[])(await client.CommandAsync("INFO", "replication"))!));
            if (replication.GetValueOrDefault("role") == "slave" && replication.GetValueOrDefault("master_link_status") != "up")
            {
                return $"replica {node.Port} is not linked to its primary";
            }

            if (replication.GetValueOrDefault("role") == "master" && seen.Single(n => n.Port == node.Port).Slots.Count > 0
                && !replication.ContainsKey("slave0"))
            {
                return $"primary {node.Port} has no replica";
            }
        }

        return "";
    }

    private async Task<List<ClusterNode>> ReadNodesAsync()
    {
        using var client = await RespClient.ConnectAsync(RunningNodes().First().Port);
        return Parse(Encoding.UTF8.GetString((byte[])(await client.CommandAsync("CLUSTER", "NODES"))!));
    }

    // CLUSTER NODES: "<id> <ip:port@bus> <flags> <master> <ping> <pong> <epoch> <link> <slot> <slot>..."
    private static List<ClusterNode> Parse(string nodes) =>
        [.. nodes.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line =>
        {
            var fields = line.Split(' ');
            var address = fields[1].Split('@')[0];
            var flags = fields[2].Split(',');
            var slots = fields.Skip(8).Where(s => !s.StartsWith('[')).Select(s =>
            {
                var range = s.Split('-');
                var first = int.Parse(range[0], CultureInfo.InvariantCulture);
                return (first, range.Length > 1 ? int.Parse(range[1], CultureInfo.InvariantCulture) : first);
            }).ToList();
            return new ClusterNode(
                int.Parse(address[(address.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture),
                flags.Contains("master"),
                flags.Contains("fail") || flags.Contains("fail?") || fields[7] == "disconnected",
                slots);
        })];

    private static Dictionary<string, string> Fields(string info) =>
        info.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.Contains(':', StringComparison.Ordinal) && !l.StartsWith('#'))
            .Select(l => l.Split(':', 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record ClusterNode(int Port, bool IsPrimary, bool Failed, List<(int First, int Last)> Slots);
}
