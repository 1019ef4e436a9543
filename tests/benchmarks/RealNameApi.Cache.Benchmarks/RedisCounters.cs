using System.Globalization;
using System.Text;
using RealNameApi.Testing;

namespace RealNameApi.Cache.Benchmarks;

/// <summary>Redis's own counters at one moment: what the benchmark checks each case against.</summary>
internal readonly record struct RedisCounters(long Keys, long Hits, long Misses)
{
    public static RedisCounters operator -(RedisCounters after, RedisCounters before) =>
        new(after.Keys - before.Keys, after.Hits - before.Hits, after.Misses - before.Misses);

    public override string ToString() => $"{Keys:+#,0;-#,0;0} keys, {Hits:+#,0;-#,0;0} keyspace_hits, {Misses:+#,0;-#,0;0} keyspace_misses";
}

/// <summary>What the benchmark reads from redis-server, each on a fresh connection between cases.</summary>
internal static class RedisInspection
{
    /// <summary>DBSIZE and INFO stats' keyspace_hits and keyspace_misses.</summary>
    public static async Task<RedisCounters> CountersAsync(this RedisServer redis)
    {
        using var client = await RespClient.ConnectAsync(redis.Port);
        var keys = (long)(await client.CommandAsync("DBSIZE"))!;
        var stats = await InfoAsync(client, "stats");
        return new RedisCounters(keys, long.Parse(stats["keyspace_hits"], CultureInfo.InvariantCulture), long.Parse(stats["keyspace_misses"], CultureInfo.InvariantCulture));
    }

    /// <summary>The value of one field of INFO (any section), e.g. <c>redis_version</c> or <c>used_memory_human</c>.</summary>
    public static async Task<string> InfoAsync(this RedisServer redis, string field)
    {
        using var client = await RespClient.ConnectAsync(redis.Port);
        return (await InfoAsync(client, "everything")).GetValueOrDefault(field, "?");
    }

    /// <summary>The keys matching the glob <paramref name="pattern"/>, counted with SCAN.</summary>
    public static async Task<long> CountKeysAsync(this RedisServer redis, string pattern)
    {
        using var client = await RespClient.ConnectAsync(redis.Port);
        return (await client.ScanAllKeysAsync(pattern)).Count;
    }

    private static async Task<Dictionary<string, string>> InfoAsync(RespClient client, string section)
    {
        var info = Encoding.UTF8.GetString((byte[])(await client.CommandAsync("INFO", section))!);
        return info.Split("\r\n")
            .Select(line => line.Split(':', 2))
            .Where(pair => pair.Length == 2 && !pair[0].StartsWith('#'))
            .ToDictionary(pair => pair[0], pair => pair[1]);
    }
}
