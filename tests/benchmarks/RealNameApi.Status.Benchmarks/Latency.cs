using System.Diagnostics;

namespace RealNameApi.Status.Benchmarks;

/// <summary>Latency samples in Stopwatch ticks, summarized as percentiles in milliseconds.</summary>
internal sealed class Latency
{
    private readonly List<long> _ticks = [];

    public int Count => _ticks.Count;

    public void Add(long startTimestamp) => _ticks.Add(Stopwatch.GetTimestamp() - startTimestamp);

    public double Percentile(double p)
    {
        _ticks.Sort();
        var index = (int)Math.Ceiling(p / 100 * _ticks.Count) - 1;
        return _ticks[Math.Clamp(index, 0, _ticks.Count - 1)] * 1000.0 / Stopwatch.Frequency;
    }

    public override string ToString() =>
        $"n={Count,7:N0} p50={Percentile(50),8:F3} ms p99={Percentile(99),8:F3} ms max={Percentile(100),8:F3} ms";
}
