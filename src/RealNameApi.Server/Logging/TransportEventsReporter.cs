namespace RealNameApi.Server.Logging;

/// <summary>
/// Logs the HTTP/2 connection events <see cref="TransportEvents"/> counted, one line per event per
/// <c>Server:RejectionLogPeriod</c> (as the calls turned away are), at the worst level seen, with
/// the count and the first one's message. Nothing when there were none.
/// </summary>
internal sealed class TransportEventsReporter(TransportEvents events, IConfiguration configuration, ILogger<TransportEventsReporter> logger) : BackgroundService
{
    private readonly TimeSpan _period = RejectedCallsReporter.Period(configuration);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_period);
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
        foreach (var e in events.Take())
        {
            Log.TransportEvents(logger, e.Level, e.Count, e.Name, e.Id, e.Category, _period,
                e.ExceptionType ?? "none", e.FirstMessage ?? "");
        }
    }
}
