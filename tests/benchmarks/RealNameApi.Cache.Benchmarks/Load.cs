using System.Diagnostics;
using Grpc.Core;
using RealNameApi.Contracts.V1;

namespace RealNameApi.Cache.Benchmarks;

/// <summary>Throughput and latency percentiles of one case, in milliseconds.</summary>
internal sealed record Measurement(int Calls, TimeSpan Elapsed, double P50, double P90, double P99, double Max)
{
    public double PerSecond => Calls / Elapsed.TotalSeconds;
}

/// <summary>Drives a list of Diagnose calls at a fixed concurrency over one channel.</summary>
internal static class Load
{
    /// <summary>
    /// Sends every request once, <paramref name="concurrency"/> in flight at all times (each worker
    /// takes the next request as soon as its previous call ends), timing each call from just before
    /// it starts to its response with Stopwatch timestamps. Every response must have
    /// <paramref name="expectedRule"/>; any failure stops the run.
    /// </summary>
    public static async Task<Measurement> RunAsync(
        RemediationService.RemediationServiceClient client, IReadOnlyList<DiagnoseRequest> requests, int concurrency, string expectedRule, CancellationToken cancellationToken)
    {
        var ticks = new long[requests.Count];
        var next = -1;
        var options = new CallOptions(cancellationToken: cancellationToken);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests.Count)
            {
                var start = Stopwatch.GetTimestamp();
                using var call = client.DiagnoseAsync(requests[i], options);
                var response = await call;
                ticks[i] = Stopwatch.GetTimestamp() - start;
                if (response.Diagnosis?.RuleId != expectedRule)
                {
                    throw new InvalidOperationException($"Call {i} was answered with rule {response.Diagnosis?.RuleId}, not {expectedRule}.");
                }
            }
        }, cancellationToken)));
        var elapsed = Stopwatch.GetElapsedTime(started);

        Array.Sort(ticks);
        double Milliseconds(long t) => t * 1000.0 / Stopwatch.Frequency;
        // Nearest rank: the smallest latency that at least p of the calls did not exceed.
        double Percentile(double p) => Milliseconds(ticks[Math.Clamp((int)Math.Ceiling(p * ticks.Length) - 1, 0, ticks.Length - 1)]);
        return new Measurement(requests.Count, elapsed, Percentile(0.50), Percentile(0.90), Percentile(0.99), Milliseconds(ticks[^1]));
    }
}
