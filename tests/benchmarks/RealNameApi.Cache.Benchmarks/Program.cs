// Diagnose through the real server, the real cache and a real redis-server, in three cases:
// a cache miss (the baseline), an in-process hit and a Redis hit. Prints requests per second and
// latency percentiles per case, and each hit case's throughput against the miss measured here.
//
// Usage: dotnet run -c Release --project tests/benchmarks/RealNameApi.Cache.Benchmarks [-- requests [concurrency]]
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using RealNameApi.Cache.Benchmarks;
using RealNameApi.Client;
using RealNameApi.Contracts.V1;
using RealNameApi.Rpc.Client;

var requests = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 20_000;
var concurrency = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 16;

var redisPort = FreePort();
using var redis = ChildProcess.Start("redis-server", "--port", redisPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no");
await Task.Delay(300);

// Every request does the same work (the same prompt, the same rule); only the account count the
// caller reports differs, and it is part of the request, hence of the cache key.
var distinct = Enumerable.Range(0, requests).Select(i => new DiagnoseRequest
{
    Platform = "dayu",
    Message = "人脸与公安网照片不一致,请确保是账户本人操作",
    Subject = new Subject { Type = SubjectType.Person, AccountsHeld = i },
}).ToArray();
var same = Enumerable.Repeat(distinct[0], requests).ToArray();
var warmUp = Enumerable.Range(0, 2_000).Select(i => new DiagnoseRequest
{
    Platform = "dayu",
    Message = "人脸与公安网照片不一致,请确保是账户本人操作",
    Subject = new Subject { Type = SubjectType.Person, AccountsHeld = requests + i },
}).ToArray();

Console.WriteLine($"Diagnose, {requests:N0} calls per case, {concurrency} at a time over one HTTP/2 connection; client, server and Redis on this machine.");
Console.WriteLine();

Result miss, memoryHit, redisHit;
using (var server = StartServer(redisPort))
{
    using var channel = new RpcChannel(await server.ListeningAsync(TimeSpan.FromSeconds(30)));
    var client = new RemediationClient(channel);
    await RunAsync(client, warmUp, concurrency);
    var before = await RedisStatsAsync(redisPort);
    miss = await RunAsync(client, distinct, concurrency);
    var after = await RedisStatsAsync(redisPort);
    Check(after.Keys - before.Keys == requests, $"every miss must store its answer ({after.Keys - before.Keys} new keys)");
    memoryHit = await RunAsync(client, same, concurrency);
    var afterHits = await RedisStatsAsync(redisPort);
    Check(afterHits.Hits == after.Hits && afterHits.Misses == after.Misses, "in-process hits must not reach Redis");
}

// A new process has an empty in-process tier, while Redis keeps every answer of the miss case.
using (var server = StartServer(redisPort))
{
    using var channel = new RpcChannel(await server.ListeningAsync(TimeSpan.FromSeconds(30)));
    var client = new RemediationClient(channel);
    await RunAsync(client, warmUp, concurrency);
    var before = await RedisStatsAsync(redisPort);
    redisHit = await RunAsync(client, distinct, concurrency);
    var after = await RedisStatsAsync(redisPort);
    Check(after.Hits - before.Hits == requests && after.Misses == before.Misses, $"every call must be a Redis hit ({after.Hits - before.Hits} hits)");
}

Console.WriteLine($"{"case",-16} {"requests/s",12} {"p50 ms",8} {"p99 ms",8} {"max ms",8} {"vs miss",8}");
foreach (var (name, result) in new[] { ("miss", miss), ("in-process hit", memoryHit), ("Redis hit", redisHit) })
{
    Console.WriteLine($"{name,-16} {result.PerSecond,12:N0} {result.P50,8:F2} {result.P99,8:F2} {result.Max,8:F2} {result.PerSecond / miss.PerSecond,7:F2}x");
}
return 0;

static ChildProcess StartServer(int redisPort) => ChildProcess.Start("dotnet",
    Path.Combine(AppContext.BaseDirectory, "RealNameApi.Server.dll"),
    "--Server:GrpcPort=0", "--Server:HttpPort=0",
    $"--Redis:Configuration=127.0.0.1:{redisPort}",
    "--Cache:KeySecret=benchmark-key-secret-0123456789",
    "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:RealNameApi.Server=Information", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information");

static async Task<Result> RunAsync(RemediationClient client, DiagnoseRequest[] calls, int concurrency)
{
    var latencies = new double[calls.Length];
    var next = -1;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < calls.Length)
        {
            var started = Stopwatch.GetTimestamp();
            await client.DiagnoseAsync(calls[i]);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
    }));
    var elapsed = clock.Elapsed;
    Array.Sort(latencies);
    return new Result(calls.Length / elapsed.TotalSeconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies[^1]);
}

static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

static async Task<(long Keys, long Hits, long Misses)> RedisStatsAsync(int port)
{
    var info = await RedisCliAsync(port, "info", "stats");
    var keys = long.Parse((await RedisCliAsync(port, "dbsize")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
    long Stat(string name) => long.Parse(info.Split('\n').Single(l => l.StartsWith(name + ":", StringComparison.Ordinal)).Split(':')[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    return (keys, Stat("keyspace_hits"), Stat("keyspace_misses"));
}

static async Task<string> RedisCliAsync(int port, params string[] command)
{
    var start = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, UseShellExecute = false };
    start.ArgumentList.Add("-p");
    start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
    foreach (var part in command)
    {
        start.ArgumentList.Add(part);
    }
    using var process = Process.Start(start)!;
    var output = await process.StandardOutput.ReadToEndAsync();
    await process.WaitForExitAsync();
    return output;
}

static void Check(bool condition, string what)
{
    if (!condition)
    {
        throw new InvalidOperationException("The benchmark is not measuring what it says: " + what);
    }
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

internal readonly record struct Result(double PerSecond, double P50, double P99, double Max);
