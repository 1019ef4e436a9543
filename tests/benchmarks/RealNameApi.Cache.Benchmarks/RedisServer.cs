using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RealNameApi.Cache.Benchmarks;

/// <summary>Redis's own counters at one moment: what the benchmark checks each case against.</summary>
internal readonly record struct RedisCounters(long Keys, long Hits, long Misses)
{
    public static RedisCounters operator -(RedisCounters after, RedisCounters before) =>
        new(after.Keys - before.Keys, after.Hits - before.Hits, after.Misses - before.Misses);

    public override string ToString() => $"{Keys:+#,0;-#,0;0} keys, {Hits:+#,0;-#,0;0} keyspace_hits, {Misses:+#,0;-#,0;0} keyspace_misses";
}

/// <summary>
/// A real redis-server on a free 127.0.0.1 port: no persistence (no RDB, no AOF), bounded memory
/// that refuses writes rather than evicting (an evicted answer would turn a Redis hit into a miss
/// unnoticed), its files in a temporary directory removed at the end.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private readonly GuardedProcess _process;
    private readonly string _directory;

    private RedisServer(GuardedProcess process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>redis-server's process id, if known.</summary>
    public int? ProcessId => _process.ChildId;

    /// <summary>The server's <c>Redis:Configuration</c>.</summary>
    public string Configuration => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public static async Task<RedisServer> StartAsync(string maxMemory, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("realname-cache-bench-redis-").FullName;
        var port = FreePort();
        var process = GuardedProcess.Start("redis-server", "redis-server",
        [
            "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--protected-mode", "yes",
            "--save", "", "--appendonly", "no", "--daemonize", "no",
            "--dir", directory, "--logfile", "",
            "--maxmemory", maxMemory, "--maxmemory-policy", "noeviction",
        ]);
        var redis = new RedisServer(process, directory, port);
        // On SIGTERM this program ends without unwinding; the guard stops redis-server, and this removes its directory.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => redis.DeleteDirectory();
        try
        {
            await redis.WaitUntilAnsweringAsync(cancellationToken);
            return redis;
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }
    }

    /// <summary>DBSIZE and INFO stats' keyspace_hits and keyspace_misses.</summary>
    public async Task<RedisCounters> CountersAsync(CancellationToken cancellationToken)
    {
        var keys = (long)(await CommandAsync(cancellationToken, "DBSIZE"))!;
        var info = (string)(await CommandAsync(cancellationToken, "INFO", "stats"))!;
        long Stat(string name) => long.Parse(
            info.Split("\r\n").Single(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..],
            CultureInfo.InvariantCulture);
        return new RedisCounters(keys, Stat("keyspace_hits"), Stat("keyspace_misses"));
    }

    /// <summary>The value of one field of INFO (any section), e.g. <c>redis_version</c> or <c>used_memory_human</c>.</summary>
    public async Task<string> InfoAsync(string field, CancellationToken cancellationToken)
    {
        var info = (string)(await CommandAsync(cancellationToken, "INFO", "everything"))!;
        return info.Split("\r\n").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal))?[(field.Length + 1)..] ?? "?";
    }

    /// <summary>The keys matching <paramref name="pattern"/>, counted with SCAN.</summary>
    public async Task<long> CountKeysAsync(string pattern, CancellationToken cancellationToken)
    {
        var count = 0L;
        var cursor = "0";
        do
        {
            var reply = (object?[])(await CommandAsync(cancellationToken, "SCAN", cursor, "MATCH", pattern, "COUNT", "1000"))!;
            cursor = (string)reply[0]!;
            count += ((object?[])reply[1]!).Length;
        }
        while (cursor != "0");
        return count;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        DeleteDirectory();
    }

    private void DeleteDirectory()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private async Task WaitUntilAnsweringAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                if ((string?)await CommandAsync(cancellationToken, "PING") == "PONG")
                {
                    return;
                }
            }
            catch (Exception e) when (e is SocketException or IOException && DateTime.UtcNow < deadline && !_process.HasExited)
            {
            }

            if (DateTime.UtcNow >= deadline || _process.HasExited)
            {
                throw new InvalidOperationException($"redis-server did not answer PING on port {Port}:\n{string.Join('\n', _process.Lines)}");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    // One command on a fresh connection, in RESP; enough for a few inspections between cases.
    private async Task<object?> CommandAsync(CancellationToken cancellationToken, params string[] command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
        await using var stream = client.GetStream();
        var request = new StringBuilder().Append('*').Append(command.Length).Append("\r\n");
        foreach (var part in command)
        {
            request.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), cancellationToken);
        using var reader = new BufferedStream(stream);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        return await ReadReplyAsync(reader, timeout.Token);
    }

    private static async Task<object?> ReadReplyAsync(Stream stream, CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(stream, cancellationToken);
        var rest = line[1..];
        switch (line[0])
        {
            case '+':
                return rest;
            case '-':
                throw new InvalidOperationException($"Redis: {rest}");
            case ':':
                return long.Parse(rest, CultureInfo.InvariantCulture);
            case '$':
                var length = int.Parse(rest, CultureInfo.InvariantCulture);
                if (length < 0)
                {
                    return null;
                }

                var bytes = new byte[length + 2];
                await stream.ReadExactlyAsync(bytes, cancellationToken);
                return Encoding.UTF8.GetString(bytes, 0, length);
            case '*':
                var items = new object?[int.Parse(rest, CultureInfo.InvariantCulture)];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = await ReadReplyAsync(stream, cancellationToken);
                }

                return items;
            default:
                throw new InvalidOperationException($"Redis: unexpected reply {line}");
        }
    }

    private static async Task<string> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            await stream.ReadExactlyAsync(one, cancellationToken);
            if (one[0] == '\r')
            {
                await stream.ReadExactlyAsync(one, cancellationToken);
                return line.ToString();
            }

            line.Append((char)one[0]);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
