// The result cache alone, in process, against a real redis-server: the cache the service ships
// (its own two tiers over plain Redis strings; the baseline) against HybridCache over
// Microsoft.Extensions.Caching.StackExchangeRedis (Candidate/), both on StackExchange.Redis 3.4.35
// and the real diagnosis engine, measured in one run, in rounds that alternate which goes first.
// Prints per case the median over the rounds and the candidate against the baseline.
//
// dotnet run -c Release --project tests/benchmarks/RealNameApi.ResultCache.Benchmarks [-- --keys N --hits N --rounds N --concurrency N]
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RealNameApi.Caching.Configuration;
using RealNameApi.Caching.Health;
using RealNameApi.Caching.Keys;
using RealNameApi.Caching.Redis;
using RealNameApi.Caching.Results;
using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Engine;
using RealNameApi.Diagnosis.Localization;
using RealNameApi.ResultCache.Benchmarks.Candidate;
using RealNameApi.Testing;
using StackExchange.Redis;
using ShippedCache = RealNameApi.Caching.Results.ResultCache;

var keyCount = Option("--keys", 20_000);
var hitCalls = Option("--hits", 2_000_000);
var rounds = Option("--rounds", 3);
var concurrency = Option("--concurrency", 16);
var today = new DateOnly(2026, 9, 30);
var engine = DiagnosisEngine.Create();
var hasher = new KeyedHasher(Options.Create(new CacheOptions { KeySecret = "result-cache-benchmark-secret" }), Options.Create(new RedisOptions()), NullLogger<KeyedHasher>.Instance);

// One realistic failure, from subjects reporting different numbers of accounts held: each its own
// key (accounts_held is part of the request), the same work for the engine (as in the cache
// benchmark of the whole server).
var requests = Enumerable.Range(1, keyCount).Select(i => new DiagnoseRequest
{
    Platform = "dayu",
    Message = "人脸与公安网照片不一致,请确保是账户本人操作",
    Subject = new Subject { Type = SubjectType.Person, AccountsHeld = i },
}).ToArray();
var keys = requests.Select(r => hasher.ResultKey(new TenantNamespace("benchmark"), "diagnose", r, engine.CatalogVersion, "zh-CN", today)).ToArray();
var answerSize = engine.Diagnose(requests[0], Locale.ZhCN, today).Value!.CalculateSize();

using var redis = new RedisServer(["--maxmemory", "512mb", "--maxmemory-policy", "noeviction"]);
using var connection = new RedisConnection(
    Options.Create(new RedisOptions
    {
        Configuration = redis.Configuration + ",allowAdmin=true",
        // Generous, so a busy machine does not turn a Redis hit into a computation (checked below).
        AsyncTimeout = TimeSpan.FromSeconds(2),
        SyncTimeout = TimeSpan.FromSeconds(2),
    }),
    NullLogger<RedisConnection>.Instance);
var server = connection.Multiplexer.GetServer(redis.Configuration);
var sharedTier = new RedisCache(Options.Create(new RedisCacheOptions { ConnectionMultiplexerFactory = () => Task.FromResult(connection.Multiplexer) }));
var stringTier = new RedisDistributedCache(connection, TimeProvider.System);
while (!connection.IsConnected)
{
    await Task.Delay(20);
}

Console.WriteLine($"The result cache, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, "
    + $"redis-server {(await server.InfoAsync("server")).SelectMany(g => g).First(p => p.Key == "redis_version").Value}, load average {LoadAverage()}.");
Console.WriteLine($"Per round and cache: {keyCount:N0} misses and {keyCount:N0} Redis hits ({concurrency} callers at a time), "
    + $"{hitCalls:N0} in-process hits (one thread); answers of {answerSize} bytes; {rounds} rounds.");

var results = new Dictionary<string, List<Figures>> { ["baseline"] = [], ["HybridCache"] = [] };
for (var round = 0; round < rounds; round++)
{
    foreach (var name in round % 2 == 0 ? new[] { "baseline", "HybridCache" } : ["HybridCache", "baseline"])
    {
        await server.FlushDatabaseAsync();
        var figures = await MeasureAsync(name);
        results[name].Add(figures);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {round + 1}, {name,-11}: {figures}"));
    }
}

Console.WriteLine();
Console.WriteLine($"{"median of rounds",-34} {"baseline",12} {"HybridCache",12} {"ratio",8}");
Row("miss, calls/s", f => f.MissPerSecond, "F0");
Row("miss, p50 ms", f => f.MissP50, "F3");
Row("miss, p99 ms", f => f.MissP99, "F3");
Row("miss incl. Redis writes, calls/s", f => f.MissSettledPerSecond, "F0");
Row("miss, CPU µs/call (+redis-server)", f => f.Miss.CpuMicroseconds, "F1");
Row("Redis hit, calls/s", f => f.RedisHitPerSecond, "F0");
Row("Redis hit, p50 ms", f => f.RedisHitP50, "F3");
Row("Redis hit, p99 ms", f => f.RedisHitP99, "F3");
Row("Redis hit, CPU µs/call (+redis-s.)", f => f.RedisHit.CpuMicroseconds, "F1");
Row("in-process hit, ns/call", f => f.HitNanoseconds, "F1");
Row("in-process hit, bytes/call", f => f.HitBytes, "F2");
Row("Redis memory, bytes/answer", f => f.RedisBytesPerAnswer, "F0");
Console.WriteLine($"Load average at the end: {LoadAverage()}.");
return 0;

async Task<Figures> MeasureAsync(string name)
{
    var computed = 0;
    RealNameApi.Contracts.V1.Diagnosis Compute(DiagnoseRequest request)
    {
        Interlocked.Increment(ref computed);
        return engine.Diagnose(request, Locale.ZhCN, today).Value!;
    }

    IResultCache NewCache() => name == "baseline"
        ? new ShippedCache(new CacheOptions(), stringTier, new RedisBreakers(5, TimeSpan.FromSeconds(5), TimeProvider.System, NullLogger<CircuitBreaker>.Instance), NullLogger<ShippedCache>.Instance)
        : new HybridResultCache(new CacheOptions(), sharedTier, NewBreaker(), NullLogger.Instance);

    var memoryBefore = await UsedMemoryAsync();
    var writer = NewCache();
    var miss = await RunAsync(writer, Compute);
    Require(computed == keyCount, $"{name}: {computed} computations for {keyCount} misses");
    // Both caches write Redis after answering: the miss case ends when every answer is there.
    var settled = Stopwatch.StartNew();
    while (await server.DatabaseSizeAsync() < keyCount && settled.Elapsed < TimeSpan.FromSeconds(30))
    {
        await Task.Delay(5);
    }

    var missSettled = miss.Elapsed + settled.Elapsed;
    Require(await server.DatabaseSizeAsync() == keyCount, $"{name}: Redis holds {await server.DatabaseSizeAsync()} keys, not {keyCount}");
    var redisBytes = (double)(await UsedMemoryAsync() - memoryBefore) / keyCount;

    var (hitNs, hitBytes) = InProcessHits(writer, Compute);
    Require(computed == keyCount, $"{name}: in-process hits computed");
    ((IDisposable)writer).Dispose();

    // A new cache on the same Redis: its in-process tier is empty, Redis holds every answer.
    var reader = NewCache();
    var redisHit = await RunAsync(reader, Compute);
    Require(computed == keyCount, $"{name}: {computed - keyCount} of the Redis hits were computed");
    ((IDisposable)reader).Dispose();
    return new Figures(miss, keyCount / missSettled.TotalSeconds, redisHit, hitNs, hitBytes, redisBytes);
}

// Every key once, `concurrency` callers at a time, each call timed.
async Task<Run> RunAsync(IResultCache cache, Func<DiagnoseRequest, RealNameApi.Contracts.V1.Diagnosis> compute)
{
    var ticks = new long[keyCount];
    var next = -1;
    var cpuBefore = CpuTime();
    var started = Stopwatch.GetTimestamp();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < keyCount)
        {
            var start = Stopwatch.GetTimestamp();
            // A cancellable token, as the server passes the call's.
            var answer = await cache.GetOrCreateAsync(keys[i], (compute, requests[i]), static s => s.compute(s.Item2), CancellationToken.None);
            ticks[i] = Stopwatch.GetTimestamp() - start;
            Require(answer.RuleId == "dayu.face-mismatch-police-photo", $"answer {i}");
        }
    })));
    var elapsed = Stopwatch.GetElapsedTime(started);
    var cpu = CpuTime() - cpuBefore;
    Array.Sort(ticks);
    double Ms(long t) => t * 1000.0 / Stopwatch.Frequency;
    return new Run(elapsed, keyCount / elapsed.TotalSeconds, Ms(ticks[(int)(0.50 * (keyCount - 1))]), Ms(ticks[(int)(0.99 * (keyCount - 1))]), cpu.TotalMicroseconds / keyCount);
}

// One key over and over on this thread: time and bytes allocated per call.
(double Nanoseconds, double Bytes) InProcessHits(IResultCache cache, Func<DiagnoseRequest, RealNameApi.Contracts.V1.Diagnosis> compute)
{
    var key = keys[0];
    var state = (compute, requests[0]);
    for (var i = 0; i < 100_000; i++)
    {
        Require(CompletedAtOnce(cache.GetOrCreateAsync(key, state, static s => s.compute(s.Item2))), "a warm-up hit");
    }

    var bytes = GC.GetAllocatedBytesForCurrentThread();
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < hitCalls; i++)
    {
        if (!CompletedAtOnce(cache.GetOrCreateAsync(key, state, static s => s.compute(s.Item2))))
        {
            throw new InvalidOperationException("an in-process hit did not complete at once");
        }
    }

    var elapsed = clock.Elapsed;
    return (elapsed.TotalNanoseconds / hitCalls, (double)(GC.GetAllocatedBytesForCurrentThread() - bytes) / hitCalls);
}

static bool CompletedAtOnce(ValueTask<RealNameApi.Contracts.V1.Diagnosis> pending) => pending.IsCompletedSuccessfully;

// CPU time of this process and of redis-server: what a call costs, whatever else the machine
// runs (wall-clock rates on a shared machine vary from round to round far more).
TimeSpan CpuTime()
{
    var redisTicks = File.ReadAllText($"/proc/{redis.ProcessId}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries) is var f
        ? long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture)
        : 0;
    using var self = Process.GetCurrentProcess();
    return self.TotalProcessorTime + TimeSpan.FromSeconds(redisTicks / 100.0);
}

CircuitBreaker NewBreaker() => new(5, TimeSpan.FromSeconds(5), TimeProvider.System, NullLogger<CircuitBreaker>.Instance);

async Task<long> UsedMemoryAsync() =>
    long.Parse((await server.InfoAsync("memory")).SelectMany(g => g).First(p => p.Key == "used_memory").Value, CultureInfo.InvariantCulture);

void Row(string label, Func<Figures, double> figure, string format)
{
    double Median(List<Figures> all) => all.Select(figure).Order().ElementAt(all.Count / 2);
    var baseline = Median(results["baseline"]);
    var shipped = Median(results["HybridCache"]);
    var ratio = baseline == 0 ? "" : (shipped / baseline).ToString("F2", CultureInfo.InvariantCulture) + "x";
    Console.WriteLine($"{label,-34} {baseline.ToString(format, CultureInfo.InvariantCulture),12} {shipped.ToString(format, CultureInfo.InvariantCulture),12} {ratio,8}");
}

static void Require(bool condition, string what)
{
    if (!condition)
    {
        throw new InvalidOperationException("Check failed: " + what);
    }
}

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at < 0 ? fallback
        : at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value
        : throw new ArgumentException($"{name} takes a positive whole number.");
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

internal sealed record Run(TimeSpan Elapsed, double PerSecond, double P50, double P99, double CpuMicroseconds);

internal sealed record Figures(Run Miss, double MissSettledPerSecond, Run RedisHit, double HitNanoseconds, double HitBytes, double RedisBytesPerAnswer)
{
    public double MissPerSecond => Miss.PerSecond;
    public double MissP50 => Miss.P50;
    public double MissP99 => Miss.P99;
    public double RedisHitPerSecond => RedisHit.PerSecond;
    public double RedisHitP50 => RedisHit.P50;
    public double RedisHitP99 => RedisHit.P99;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"miss {Miss.PerSecond:F0}/s (p99 {Miss.P99:F2} ms, {Miss.CpuMicroseconds:F0} µs CPU), with writes {MissSettledPerSecond:F0}/s; Redis hit {RedisHit.PerSecond:F0}/s (p99 {RedisHit.P99:F2} ms, {RedisHit.CpuMicroseconds:F0} µs CPU); in-process hit {HitNanoseconds:F1} ns, {HitBytes:F2} B; Redis {RedisBytesPerAnswer:F0} B/answer");
}
