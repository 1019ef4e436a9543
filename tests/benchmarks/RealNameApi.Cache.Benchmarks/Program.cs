// Diagnose end to end through the typed client, the real server (a child process) and a real
// redis-server, in three cases measured in one run: a cache miss (the baseline), an in-process
// hit and a Redis hit. Prints requests per second and latency percentiles per case, and each hit
// case against the miss, after checking with Redis's own counters that every case is what it says.
//
// dotnet run -c Release --project tests/benchmarks/RealNameApi.Cache.Benchmarks [-- --calls N --warmup N --concurrency N]
//
// With --cluster: instead, a miss (with a case recorded) and a Redis hit through one redis-server
// and through a Redis Cluster, in one run, the cluster against one Redis (Topologies.cs).
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Grpc.Core;
using RealNameApi.Cache.Benchmarks;
using RealNameApi.Contracts.V1;
using RealNameApi.Testing;

var calls = Option("--calls", 60_000);
var warmUp = Option("--warmup", 5_000);
var concurrency = Option("--concurrency", 16);

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Stop the calls and let every child be stopped on the way out.
    e.Cancel = true;
    Console.Error.WriteLine("Stopping...");
    stop.Cancel();
};
var cancel = stop.Token;

// One realistic failure (大鱼号: the face scan does not match the police record photo), each with
// its own error code, one that no rule knows. The code is part of the request, hence of the cache
// key, so every one of them is its own entry; the matcher looks it up, finds nothing and goes on to
// the message, so every miss is the same work.
const string Rule = "dayu.face-mismatch-police-photo";
static DiagnoseRequest Request(int variant) => new()
{
    Platform = "dayu",
    Code = string.Create(CultureInfo.InvariantCulture, $"B{variant}"),
    Message = "人脸与公安网照片不一致,请确保是账户本人操作",
    Subject = new Subject { Type = SubjectType.Person },
};
var warmUpRequests = Enumerable.Range(1, warmUp).Select(Request).ToArray();
var measured = Enumerable.Range(warmUp + 1, calls).Select(Request).ToArray();
var same = Enumerable.Repeat(measured[0], calls).ToArray();
var sameWarmUp = Enumerable.Repeat(measured[0], warmUp).ToArray();

if (args.Contains("--cluster"))
{
    Console.WriteLine($"Diagnose through one Redis and a Redis Cluster, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {LoadAverage()}; "
        + $"per case {warmUp:N0} warm-up and {calls:N0} measured calls, {concurrency} in flight.");
    try
    {
        return await Topologies.RunAsync(calls, warmUp, concurrency, cancel);
    }
    catch (Exception e) when (e is InvalidOperationException or RpcException or IOException or TimeoutException)
    {
        Console.Error.WriteLine($"The benchmark failed: {e.Message}");
        return 1;
    }
}

Console.WriteLine($"Diagnose through the real server and cache, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, "
    + $"{RuntimeInformation.FrameworkDescription}, load average {LoadAverage()}.");
Console.WriteLine($"Per case: {warmUp:N0} warm-up calls, then {calls:N0} measured calls, {concurrency} in flight over one channel. "
    + "Client, server and Redis on this machine.");

var results = new List<(string Case, Measurement Result)>();
var problemsReported = new Dictionary<ServerProcess, int>(); // per server, its warnings printed so far
var secret = "cache-benchmark-" + Convert.ToHexString(Guid.NewGuid().ToByteArray());
try
{
    // No persistence, and bounded memory that refuses writes rather than evicting: an evicted
    // answer would turn a Redis hit into a miss unnoticed.
    using var redis = new RedisServer(["--maxmemory", "512mb", "--maxmemory-policy", "noeviction"]);
    Console.WriteLine($"redis-server {await redis.InfoAsync("redis_version")} on {redis.Configuration}.");
    // The default per-key rate limit would measure the limiter, not the cache.
    string[] configuration = [$"--Redis:Configuration={redis.Configuration}", $"--Cache:KeySecret={secret}", "--RateLimits:Default:RequestsPerSecond=1000000", "--RateLimits:Default:Burst=1000000"];

    // Server 1: misses, then in-process hits.
    await using (var server = await ServerProcess.StartAsync("1", configuration, cancellationToken: cancel))
    {
        Console.WriteLine($"Server 1: {server.GrpcAddress} (gRPC), {server.HttpAddress} (HTTP/1.1).");
        using var channel = server.CreateChannel();
        var client = new RemediationService.RemediationServiceClient(channel);

        // 1. Miss: every request a new key, looked up in process and in Redis, computed, kept in
        //    process and written to Redis (in the background, after the response).
        await Load.RunAsync(client, warmUpRequests, concurrency, Rule, cancel);
        await SettledAsync(redis, warmUp, cancel);
        results.Add(("miss", await MeasureAsync("miss", client, measured, server, redis, new RedisCounters(calls, 0, calls))));

        // 2. In-process hit: one request over and over; Redis is not asked at all.
        await Load.RunAsync(client, sameWarmUp, concurrency, Rule, cancel);
        results.Add(("in-process hit", await MeasureAsync("in-process hit", client, same, server, redis, new RedisCounters(0, 0, 0))));
    }

    // Server 2, a new process: its in-process tier is empty, Redis holds every answer of server 1,
    // so the miss case's requests, replayed once each, are all read from Redis.
    await using (var server = await ServerProcess.StartAsync("2", configuration, cancellationToken: cancel))
    {
        Console.WriteLine($"Server 2: {server.GrpcAddress} (gRPC), {server.HttpAddress} (HTTP/1.1); a new process on the same Redis.");
        using var channel = server.CreateChannel();
        var client = new RemediationService.RemediationServiceClient(channel);

        // 3. Redis hit: warmed up on the miss case's warm-up requests, Redis hits too.
        await Load.RunAsync(client, warmUpRequests, concurrency, Rule, cancel);
        results.Add(("Redis hit", await MeasureAsync("Redis hit", client, measured, server, redis, new RedisCounters(0, calls, 0))));
    }

    var answers = await redis.CountKeysAsync("realname:v1:t:*:result:diagnose:*");
    var counters = await redis.CountersAsync();
    if (answers != warmUp + calls || counters.Keys != answers)
    {
        throw new InvalidOperationException($"Redis holds {counters.Keys} keys, {answers} of them Diagnose answers; expected {warmUp + calls} answers and nothing else.");
    }

    Console.WriteLine($"Redis at the end: {answers:N0} Diagnose answers and nothing else, {await redis.InfoAsync("used_memory_human")} used.");
}
catch (Exception e) when (cancel.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
{
    Console.Error.WriteLine("Stopped; the server and redis-server are stopped too.");
    return 130;
}
catch (Exception e) when (e is InvalidOperationException or RpcException or IOException or System.Net.Sockets.SocketException)
{
    // A check or a call failed, or a child did not start; the children are stopped by now (await using).
    Console.Error.WriteLine($"The benchmark failed: {e.Message}");
    return 1;
}

var baseline = results[0].Result;
Console.WriteLine();
Console.WriteLine($"{"case",-15} {"calls",7} {"requests/s",11} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"max ms",8} {"req/s vs miss",14} {"p99 vs miss",12}");
foreach (var (name, r) in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-15} {r.Calls,7} {r.PerSecond,11:N0} {r.P50,8:F2} {r.P90,8:F2} {r.P99,8:F2} {r.Max,8:F2} {r.PerSecond / baseline.PerSecond,13:F2}x {r.P99 / baseline.P99,11:F2}x"));
}

Console.WriteLine();
Console.WriteLine($"Load average at the end: {LoadAverage()}.");
return 0;

// One measured case: the calls, timed, between two readings of Redis's counters, which must have
// moved by exactly `expected`; and no warning from the server meanwhile (a Redis read that timed
// out is answered by computing, which Redis's counters alone would not show).
async Task<Measurement> MeasureAsync(string name, RemediationService.RemediationServiceClient client, DiagnoseRequest[] requests, ServerProcess server, RedisServer redis, RedisCounters expected)
{
    var problemsBefore = server.Problems.Count;
    foreach (var warning in Summary(server.Problems.Take(problemsBefore).Skip(problemsReported.GetValueOrDefault(server))))
    {
        Console.WriteLine($"  Before the {name} case, in its warm-up: {warning}");
    }

    var before = await redis.CountersAsync();
    var cpu = new CpuMeter(() => new[] { Environment.ProcessId, server.ProcessId, redis.ProcessId }.OfType<int>());
    cpu.Start();
    var result = await Load.RunAsync(client, requests, concurrency, Rule, cancel);
    var usage = cpu.Stop();
    var after = await SettledAsync(redis, before.Keys + expected.Keys, cancel);
    var counted = after - before;
    var share = usage is { } u
        ? string.Create(CultureInfo.InvariantCulture, $"; CPU: this benchmark {u.Ours:P0} of all cores, other processes {u.Others:P0}")
        : "";
    Console.WriteLine($"  {name}: {result.Elapsed.TotalSeconds:F1} s; Redis counted {counted}{share}.");
    var problems = server.Problems.Skip(problemsBefore).ToList();
    problemsReported[server] = problemsBefore + problems.Count;
    if (counted != expected || problems.Count > 0)
    {
        // A Redis command that timed out (Redis:AsyncTimeout, 250 ms) is answered without Redis:
        // likely when another program loads the machine.
        throw new InvalidOperationException(
            $"The {name} case is not what it says: Redis counted {counted}, expected {expected}; the server logged {problems.Count} warnings meanwhile."
            + string.Concat(Summary(problems).Select(p => "\n  " + p)));
    }

    return result;
}

// Identical log entries once each, with their count.
static IEnumerable<string> Summary(IEnumerable<string> problems) =>
    problems.GroupBy(p => p, StringComparer.Ordinal).Select(g => $"{g.Count()} x {g.Key}");

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    if (at < 0)
    {
        return fallback;
    }

    return at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
        ? value
        : throw new ArgumentException($"{name} takes a positive whole number.");
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

// The answers of misses are written to Redis in the background, after the response: wait until
// they are all there (or 15 s have passed) before reading the counters.
static async Task<RedisCounters> SettledAsync(RedisServer redis, long keys, CancellationToken cancellationToken)
{
    var clock = Stopwatch.StartNew();
    while (true)
    {
        var counters = await redis.CountersAsync();
        if (counters.Keys >= keys || clock.Elapsed > TimeSpan.FromSeconds(15))
        {
            return counters;
        }

        await Task.Delay(50, cancellationToken);
    }
}
