using System.Diagnostics;

namespace RealNameApi.Server.Telemetry;

/// <summary>
/// When no span exporter is configured, still has ASP.NET Core start an activity for every
/// request, carrying the caller's <c>traceparent</c> (or a new trace id), so each log line of a
/// call names its trace. The activities are created for propagation only: nothing is recorded.
/// </summary>
/// <remarks>
/// ASP.NET Core starts request activities only while someone listens to them or while its
/// request logger is enabled; that logger is off (<c>Microsoft.AspNetCore.Hosting.Diagnostics</c>
/// at None in appsettings.json), because its scope prints the request path, which the caller chooses.
/// </remarks>
internal sealed class TraceContextListener : IHostedService, IDisposable
{
    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
        Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
    };

    public Task StartAsync(CancellationToken cancellationToken)
    {
        ActivitySource.AddActivityListener(_listener);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _listener.Dispose();
}
