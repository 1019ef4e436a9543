using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RealNameApi.Caching.Configuration;
using RealNameApi.Caching.Status;
using RealNameApi.Caching.Tests.Infrastructure;
using RealNameApi.Contracts.V1;
using Xunit.Abstractions;

namespace RealNameApi.Caching.Tests.Status;

/// <summary>
/// The embedded store at scale: a page costs the same at 300,000 cases as at 1,000, and listers
/// looping do not hold up records. Figures, not limits: the factors asserted are generous, a walk
/// of every case would miss them by orders of magnitude. The benchmark in
/// tests/benchmarks/RealNameApi.Status.Benchmarks measures 1,000,000 cases.
/// </summary>
public sealed class InMemoryStatusStoreScaleTests(ITestOutputHelper output)
{
    private static readonly StatusOptions Unbounded = new() { EmbeddedMaxCases = 10_000_000, EmbeddedMaxBytes = long.MaxValue };

    [Fact]
    public async Task A_page_costs_about_the_same_at_300_000_cases_as_at_1_000()
    {
        var small = await FilledAsync(1_000);
        var large = await FilledAsync(300_000);

        foreach (var (name, platform, state, deep) in new (string, string?, VerificationState, bool)[]
        {
            ("first page", null, VerificationState.Unspecified, false),
            ("a page deep in the list", null, VerificationState.Unspecified, true),
            ("one platform, waiting", "dayu", VerificationState.Waiting, false),
        })
        {
            var atSmall = await MedianPageAsync(small, platform, state, deep);
            var atLarge = await MedianPageAsync(large, platform, state, deep);
            output.WriteLine($"{name}: median {atSmall * 1000:F1} us at 1,000 cases, {atLarge * 1000:F1} us at 300,000 ({atLarge / atSmall:F1}x)");

            // 300 times the cases: a walk of them all would cost about 300 times more.
            Assert.True(atLarge < (atSmall * 10) + 0.05, $"{name}: {atLarge:F3} ms at 300,000 cases against {atSmall:F3} ms at 1,000");
        }
    }

    [Fact]
    public async Task Records_go_on_while_8_listers_loop()
    {
        var store = await FilledAsync(100_000);
        var next = 1_000_000;
        var quiet = RecordFor(store, TimeSpan.FromSeconds(1), ref next);

        using var stop = new CancellationTokenSource();
        var pages = 0L;
        var listers = Enumerable.Range(0, 8).Select(n => Task.Factory.StartNew(
            () =>
            {
                var (platform, state) = n % 2 == 0 ? ((string?)null, VerificationState.Unspecified) : ("aliyun-domain", VerificationState.Waiting);
                var token = "";
                while (!stop.IsCancellationRequested)
                {
                    token = store.ListAsync(platform, state, 100, token).GetAwaiter().GetResult().NextPageToken;
                    Interlocked.Increment(ref pages);
                }
            },
            TaskCreationOptions.LongRunning)).ToArray();
        await Eventually.HoldsAsync(() => Task.FromResult(Interlocked.Read(ref pages) > 8), "the listers run");
        var loaded = RecordFor(store, TimeSpan.FromSeconds(1), ref next);
        await stop.CancelAsync();
        await Task.WhenAll(listers);

        output.WriteLine($"records in 1 s: {quiet:N0} quiet, {loaded:N0} with 8 listers looping ({Interlocked.Read(ref pages):N0} pages listed)");

        // On 2 cores the listers take most of the processor; records waiting for the listers'
        // work (a walk of 100,000 cases each) would drop to a handful.
        Assert.True(loaded * 100 >= quiet, $"{loaded} records with listers against {quiet} quiet");
    }

    private static int RecordFor(InMemoryStatusStore store, TimeSpan duration, ref int next)
    {
        var recorded = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var i = next++;
            store.RecordAsync(Parts.Hasher().CaseId($"recorder-{i}"), Diagnosis(i)).GetAwaiter().GetResult();
            recorded++;
        }

        return recorded;
    }

    private static async Task<InMemoryStatusStore> FilledAsync(int count)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 9, 30, 2, 0, 0, TimeSpan.Zero));
        var store = new InMemoryStatusStore(Parts.Hasher(), Unbounded, time, NullLogger<InMemoryStatusStore>.Instance);
        var hasher = Parts.Hasher();
        for (var i = 0; i < count; i++)
        {
            await store.RecordAsync(hasher.CaseId($"case-{i}"), Diagnosis(i));
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        return store;
    }

    private static Diagnosis Diagnosis(int i) => (i % 4) switch
    {
        0 => Parts.Diagnosis(Outcome.FixAndRetry),
        1 => Parts.Diagnosis(Outcome.WaitThenRetry, earliest: new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)),
        2 => Parts.Diagnosis(Outcome.WaitThenRetry, platform: "aliyun-domain", earliest: new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)),
        _ => Parts.Diagnosis(Outcome.Final, platform: "aliyun-domain"),
    };

    // The median of 201 pages of 50, in milliseconds, after a warm-up.
    private static async Task<double> MedianPageAsync(InMemoryStatusStore store, string? platform, VerificationState state, bool deep)
    {
        var token = "";
        if (deep)
        {
            // Half-way down the list: the token of the page that ends there.
            var count = store.Count;
            for (var listed = 0; listed < count / 2; listed += 100)
            {
                token = (await store.ListAsync(platform, state, 100, token)).NextPageToken;
            }
        }

        var samples = new double[201];
        for (var i = -50; i < samples.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var page = await store.ListAsync(platform, state, 50, token);
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            Assert.Equal(50, page.Statuses.Count);
            if (i >= 0)
            {
                samples[i] = elapsed;
            }
        }

        Array.Sort(samples);
        return samples[samples.Length / 2];
    }
}
