using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace RealNameApi.Caching.Status;

/// <summary>
/// Tells operators that the embedded store is full: every eviction counts on the
/// <c>realname.status.embedded.evictions</c> counter, and one log line at most per
/// <see cref="Interval"/> gives the number evicted since the last line. Counts only: nothing of a case.
/// </summary>
internal sealed class EvictionReport
{
    /// <summary>The meter of the caching library's instruments.</summary>
    public const string MeterName = "RealNameApi.Caching";

    /// <summary>The shortest time between two log lines.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    // Static, as the .NET guidance allows for a library whose types are also made without DI.
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Evictions = Meter.CreateCounter<long>(
        "realname.status.embedded.evictions", "{case}", "Cases the embedded status store evicted, by retention order, to stay within Status:EmbeddedMaxCases and Status:EmbeddedMaxBytes.");

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _maxCases;
    private readonly long _maxBytes;
    private long _unreported;
    private DateTimeOffset _lastReport = DateTimeOffset.MinValue;

    public EvictionReport(TimeProvider time, ILogger logger, int maxCases, long maxBytes)
    {
        _time = time;
        _logger = logger;
        _maxCases = maxCases;
        _maxBytes = maxBytes;
    }

    /// <summary>Counts evictions; call outside the store's lock, logging may be slow.</summary>
    public void Evicted(int count, int heldCases, long heldBytes)
    {
        Evictions.Add(count);
        long evicted;
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            _unreported += count;
            if (now - _lastReport < Interval)
            {
                return;
            }

            evicted = _unreported;
            _unreported = 0;
            _lastReport = now;
        }

        Log.StatusCasesEvicted(_logger, evicted, heldCases, heldBytes, _maxCases, _maxBytes);
    }
}
