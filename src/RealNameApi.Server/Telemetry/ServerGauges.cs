using System.Diagnostics.Metrics;
using RealNameApi.Caching.Health;
using RealNameApi.Caching.Status;
using RealNameApi.Contracts.V1;

namespace RealNameApi.Server.Telemetry;

/// <summary>
/// The gauges of state held by services: cases per state, read from the status store in the
/// background every <c>Telemetry:CaseCountInterval</c> (a scrape only reads the last counts, so it
/// never waits on Redis), and whether the Redis circuit breaker is open.
/// </summary>
internal sealed class ServerGauges : BackgroundService
{
    private static readonly VerificationState[] States = [VerificationState.ActionRequired, VerificationState.Waiting, VerificationState.ReadyToRetry, VerificationState.Final];

    private readonly ICaseStateCounts? _counts;
    private readonly IReadOnlyList<Caching.Keys.TenantNamespace> _tenants;
    private readonly TimeSpan _interval;
    private readonly Meter _meter;
    private IReadOnlyDictionary<VerificationState, long>? _last;

    public ServerGauges(IMeterFactory meters, IVerificationStatusStore store, IServiceProvider services, Auth.Tenants tenants, Microsoft.Extensions.Options.IOptions<TelemetryOptions> options)
    {
        _counts = store as ICaseStateCounts;
        _tenants = tenants.All();
        _interval = options.Value.CaseCountInterval;
        _meter = meters.Create(ServerTelemetry.Name);
        if (_counts is not null)
        {
            _meter.CreateObservableGauge("realname.status.cases", ObserveCases, "{case}",
                "Cases held by the status store, by state (action_required, waiting, ready_to_retry, final), as its indexes hold them.");
        }

        // Only with Redis: the embedded mode has no breaker.
        if (services.GetService<RedisBreakers>() is { } breakers)
        {
            _meter.CreateObservableGauge("realname.redis.breaker.open", () => breakers.OpenCount, "{breaker}",
                "Redis circuit breakers open or half-open (Redis bypassed): one breaker for the deployment, and on a Redis Cluster one per shard; 0 while all are closed.");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_counts is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(_interval);
        try
        {
            do
            {
                // Null while the store cannot be read: the gauge keeps reporting the last counts.
                if (await _counts.CountByStateAsync(_tenants, stoppingToken).ConfigureAwait(false) is { } counts)
                {
                    _last = counts;
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override void Dispose()
    {
        _meter.Dispose();
        base.Dispose();
    }

    private IEnumerable<Measurement<long>> ObserveCases()
    {
        if (_last is not { } counts)
        {
            yield break;
        }

        foreach (var state in States)
        {
            yield return new Measurement<long>(counts.GetValueOrDefault(state), new KeyValuePair<string, object?>("state", StateLabel(state)));
        }
    }

    private static string StateLabel(VerificationState state) => state switch
    {
        VerificationState.ActionRequired => "action_required",
        VerificationState.Waiting => "waiting",
        VerificationState.ReadyToRetry => "ready_to_retry",
        _ => "final",
    };
}
