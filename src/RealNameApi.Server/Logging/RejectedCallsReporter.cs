using System.Globalization;

namespace RealNameApi.Server.Logging;

/// <summary>
/// Logs the calls turned away, summed over <c>Server:RejectionLogPeriod</c> (default 10 s): one
/// Warning per period when keys were refused or limited (something an operator may act on),
/// one Information line when only bad requests were. Nothing when all was well.
/// </summary>
internal sealed class RejectedCallsReporter(RejectedCalls calls, IConfiguration configuration, TimeProvider time, ILogger<RejectedCallsReporter> logger) : BackgroundService
{
    /// <summary>The period's configuration key.</summary>
    public const string PeriodKey = "Server:RejectionLogPeriod";

    private readonly TimeSpan _period = Period(configuration);

    /// <summary>The period, checked: from 1 s to 1 h.</summary>
    public static TimeSpan Period(IConfiguration configuration)
    {
        var period = configuration.GetValue<TimeSpan?>(PeriodKey) ?? TimeSpan.FromSeconds(10);
        return period >= TimeSpan.FromSeconds(1) && period <= TimeSpan.FromHours(1)
            ? period
            : throw new InvalidOperationException($"{PeriodKey} must be from 00:00:01 to 01:00:00.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Report();
            }
        }
        catch (OperationCanceledException)
        {
        }

        Report();
    }

    private void Report()
    {
        var taken = calls.Take();
        if (taken.Count == 0)
        {
            return;
        }

        var total = taken.Sum(t => t.Count);
        var byWhy = string.Join("; ", taken.GroupBy(t => t.Why).OrderBy(g => g.Key).Select(g =>
            $"{Name(g.Key)} {g.Sum(t => t.Count).ToString(CultureInfo.InvariantCulture)} ({string.Join(", ", g.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"key {t.Key}: {t.Count.ToString(CultureInfo.InvariantCulture)}"))})"));
        if (taken.Any(t => t.Why != Rejection.BadRequest))
        {
            Log.CallsRejected(logger, total, _period, byWhy);
        }
        else
        {
            Log.BadRequests(logger, total, _period, byWhy);
        }
    }

    private static string Name(Rejection why) => why switch
    {
        Rejection.Unauthenticated => "unauthenticated",
        Rejection.PermissionDenied => "permission denied",
        Rejection.RateLimited => "rate limited",
        Rejection.Busy => "server busy",
        _ => "bad request",
    };
}
