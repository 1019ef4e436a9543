// The embedded status store, measured in process (no server, no network): what a case costs,
// what the default capacity holds after 1,000,000 unique cases, how long a page takes at
// 1,000,000 cases against 10,000 in the same run, and what 8 listers looping do to records.
//   dotnet run -c Release --project tests/benchmarks/RealNameApi.Status.Benchmarks [-- memory size listing contention]
using System.Diagnostics;
using RealNameApi.Caching.Configuration;
using RealNameApi.Caching.Status;
using RealNameApi.Contracts.V1;
using RealNameApi.Status.Benchmarks;

var phases = args.Length > 0 ? args : ["memory", "size", "listing", "contention"];
Console.WriteLine($".NET {Environment.Version}, {Environment.ProcessorCount} cores, server GC {System.Runtime.GCSettings.IsServerGC}");
InMemoryStatusStore? large = null;
foreach (var phase in phases)
{
    switch (phase)
    {
        case "memory":
            await MemoryAtDefaultCapacityAsync();
            break;
        case "size":
            await BytesPerCaseAsync();
            break;
        case "listing":
            large = await ListingAsync();
            break;
        case "contention":
            await ContentionAsync(large ?? await FilledAsync(1_000_000));
            break;
        default:
            Console.Error.WriteLine($"unknown phase {phase}: memory, size, listing, contention");
            return 2;
    }

    Settle();
}

return 0;

// Unique cases into a store with the default options: once full, memory stops growing.
static async Task MemoryAtDefaultCapacityAsync()
{
    var options = new StatusOptions();
    Console.WriteLine($"\n== 1,000,000 unique cases at the default capacity ({options.EmbeddedMaxCases:N0} cases, {options.EmbeddedMaxBytes:N0} bytes)");
    var store = Cases.Store(options);
    var started = Stopwatch.StartNew();
    for (var step = 0; step < 10; step++)
    {
        await Cases.RecordAsync(store, step * 100_000, (step + 1) * 100_000);
        Console.WriteLine($"  {(step + 1) * 100_000,9:N0} recorded: {store.Count,9:N0} held, ~{store.Bytes / 1048576.0,6:F1} MiB by estimate, managed heap {GC.GetTotalMemory(false) / 1048576.0,6:F1} MiB, RSS {Rss() / 1048576.0,6:F1} MiB");
    }

    started.Stop();
    Settle();
    Console.WriteLine($"  after a full GC: managed heap {GC.GetTotalMemory(true) / 1048576.0:F1} MiB, RSS {Rss() / 1048576.0:F1} MiB, peak RSS {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F1} MiB; {1_000_000 / started.Elapsed.TotalSeconds:N0} records/s");
    GC.KeepAlive(store);
}

// The managed heap a case costs, measured, against the store's own estimate.
static async Task BytesPerCaseAsync()
{
    const int N = 200_000;
    Console.WriteLine($"\n== bytes per case ({N:N0} cases, none evicted)");
    var before = GC.GetTotalMemory(true);
    var store = Cases.Unbounded();
    await Cases.RecordAsync(store, 0, N);
    Settle();
    var after = GC.GetTotalMemory(true);
    Console.WriteLine($"  measured {(after - before) / (double)N:F0} bytes/case of managed heap; the store's estimate {store.Bytes / (double)store.Count:F0} bytes/case");
    GC.KeepAlive(store);
}

// Pages at 10,000 and 1,000,000 cases: the first page, a filtered one, and 2,000 pages deep.
static async Task<InMemoryStatusStore> ListingAsync()
{
    Console.WriteLine("\n== ListAsync latency (page size 50; deep: page size 100, following tokens)");
    var small = await FilledAsync(10_000);
    var smallFigures = await PagesAsync(small, "10,000");
    small = null;
    Settle();
    var large = await FilledAsync(1_000_000);
    var largeFigures = await PagesAsync(large, "1,000,000");
    foreach (var (name, p50) in largeFigures)
    {
        Console.WriteLine($"  {name}: p50 at 1,000,000 / p50 at 10,000 = {p50 / smallFigures[name]:F2}");
    }

    return large;
}

static async Task<Dictionary<string, double>> PagesAsync(InMemoryStatusStore store, string label)
{
    var figures = new Dictionary<string, double>();
    foreach (var (name, platform, state) in new (string, string?, VerificationState)[]
    {
        ("first page, all", null, VerificationState.Unspecified),
        ("first page, dayu waiting", "dayu", VerificationState.Waiting),
        ("first page, all final", null, VerificationState.Final),
    })
    {
        for (var i = 0; i < 200; i++)
        {
            await store.ListAsync(platform, state, 50, null);
        }

        var latency = new Latency();
        for (var i = 0; i < 5_000; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await store.ListAsync(platform, state, 50, null);
            latency.Add(start);
        }

        Console.WriteLine($"  {label,9} cases, {name,-25} {latency}");
        figures[name] = latency.Percentile(50);
    }

    var deep = new Latency();
    var token = "";
    for (var i = 0; i < 2_000; i++)
    {
        var start = Stopwatch.GetTimestamp();
        var page = await store.ListAsync(null, VerificationState.Unspecified, 100, token);
        deep.Add(start);
        token = page.NextPageToken;
        if (token.Length == 0)
        {
            break;
        }
    }

    Console.WriteLine($"  {label,9} cases, {"next pages, all",-25} {deep}");
    figures["next pages, all"] = deep.Percentile(50);
    return figures;
}

// Record (and read back) latency on one thread, quiet, then while 8 listers loop on the others.
static async Task ContentionAsync(InMemoryStatusStore store)
{
    Console.WriteLine($"\n== RecordAsync + GetAsync latency at {store.Count:N0} cases, quiet vs 8 listers looping ({Environment.ProcessorCount} cores)");
    var next = 2_000_000;
    var quiet = await RecordForAsync(store, TimeSpan.FromSeconds(4), () => next++);
    using var stop = new CancellationTokenSource();
    var pages = 0L;
    var listers = Enumerable.Range(0, 8).Select(n => Task.Run(async () =>
    {
        var filters = new (string?, VerificationState)[] { (null, VerificationState.Unspecified), ("dayu", VerificationState.Unspecified), (null, VerificationState.Waiting), ("aliyun-domain", VerificationState.ActionRequired) };
        var (platform, state) = filters[n % filters.Length];
        var token = "";
        while (!stop.IsCancellationRequested)
        {
            var page = await store.ListAsync(platform, state, 100, token);
            token = page.NextPageToken;
            Interlocked.Increment(ref pages);
        }
    })).ToArray();
    await Task.Delay(500);
    var listed = Interlocked.Read(ref pages);
    var loaded = await RecordForAsync(store, TimeSpan.FromSeconds(4), () => next++);
    listed = Interlocked.Read(ref pages) - listed;
    await stop.CancelAsync();
    await Task.WhenAll(listers);
    Console.WriteLine($"  quiet:            record {quiet.Record}");
    Console.WriteLine($"                    get    {quiet.Get}");
    Console.WriteLine($"  8 listers:        record {loaded.Record}");
    Console.WriteLine($"                    get    {loaded.Get}");
    Console.WriteLine($"  listers: {listed / 4.0:N0} pages/s; record p99 loaded / quiet = {loaded.Record.Percentile(99) / quiet.Record.Percentile(99):F2}, get p99 = {loaded.Get.Percentile(99) / quiet.Get.Percentile(99):F2}");
}

static async Task<(Latency Record, Latency Get)> RecordForAsync(InMemoryStatusStore store, TimeSpan duration, Func<int> nextCase)
{
    // A thread of its own, as a request would have: the measurement is not queued behind the listers' tasks.
    return await Task.Factory.StartNew(
        () =>
        {
            var record = new Latency();
            var get = new Latency();
            var until = Stopwatch.StartNew();
            while (until.Elapsed < duration)
            {
                var i = nextCase();
                var caseId = Cases.CaseId(i);
                var diagnosis = Cases.Diagnosis(i);
                var start = Stopwatch.GetTimestamp();
                store.RecordAsync(caseId, diagnosis).GetAwaiter().GetResult();
                record.Add(start);
                start = Stopwatch.GetTimestamp();
                store.GetAsync(caseId).GetAwaiter().GetResult();
                get.Add(start);
            }

            return (record, get);
        },
        TaskCreationOptions.LongRunning).ConfigureAwait(false);
}

static async Task<InMemoryStatusStore> FilledAsync(int count)
{
    var store = Cases.Unbounded();
    var started = Stopwatch.StartNew();
    await Cases.RecordAsync(store, 0, count);
    Console.WriteLine($"  filled {count:N0} cases in {started.Elapsed.TotalSeconds:F1} s");
    return store;
}

static long Rss()
{
    using var self = Process.GetCurrentProcess();
    return self.WorkingSet64;
}

static void Settle()
{
    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
}
