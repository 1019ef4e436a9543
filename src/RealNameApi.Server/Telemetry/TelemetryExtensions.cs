using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using RealNameApi.Caching.Telemetry;
using RealNameApi.Diagnosis.Engine;

namespace RealNameApi.Server.Telemetry;

/// <summary>The composition root's two lines for metrics, traces and logs.</summary>
public static class TelemetryExtensions
{
    /// <summary>The scrape path, on the HTTP/1.1 port.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// The meters exported: the project's own, ASP.NET Core's request, connection and rate
    /// limiting meters, and the runtime's.
    /// </summary>
    public static readonly string[] Meters =
    [
        ServerTelemetry.Name,
        CachingTelemetry.Name,
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.RateLimiting",
        "System.Runtime",
    ];

    /// <summary>
    /// Instruments of those meters left out: each repeats, per call, a figure another exports
    /// (calls in flight are <c>http.server.active_requests</c>, their durations
    /// <c>http.server.request.duration</c> and <c>rpc.server.call.duration</c>), and each costs
    /// two measurements a call, together about 3% of a cached Diagnose's server CPU (perf). A
    /// dropped instrument is not enabled, so ASP.NET Core does not measure it at all.
    /// </summary>
    public static readonly string[] DroppedInstruments =
    [
        "kestrel.queued_requests",
        "aspnetcore.rate_limiting.active_request_leases",
        "aspnetcore.rate_limiting.request_lease.duration",
    ];

    /// <summary>
    /// OpenTelemetry from the <c>Telemetry</c> section: metrics for <c>/metrics</c> always, OTLP
    /// (traces, metrics, logs) when <c>Telemetry:OtlpEndpoint</c> is set, spans on standard
    /// output when <c>Telemetry:ConsoleTraces</c> is true.
    /// </summary>
    public static WebApplicationBuilder AddRealNameTelemetry(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(TelemetryOptions.SectionName);
        var options = section.Get<TelemetryOptions>() ?? new TelemetryOptions();
        var problems = options.Validate().ToList();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(TelemetryOptions.SectionName, typeof(TelemetryOptions), problems);
        }

        builder.Services.AddOptions<TelemetryOptions>().Bind(section);
        builder.Services.AddHostedService<ServerGauges>();

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName, serviceVersion: typeof(TelemetryExtensions).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Meters).AddPrometheusExporter();
                foreach (var instrument in DroppedInstruments)
                {
                    metrics.AddView(instrument, MetricStreamConfiguration.Drop);
                }

                if (options.OtlpEndpoint is not null)
                {
                    metrics.AddOtlpExporter(otlp => Otlp(otlp, options, "v1/metrics"));
                }
            });

        if (!options.ExportsTraces)
        {
            builder.Services.AddHostedService<TraceContextListener>();
        }
        else
        {
            telemetry.WithTracing(tracing =>
            {
                tracing.AddSource(ServerTelemetry.Name, CachingTelemetry.Name)
                    .AddAspNetCoreInstrumentation(aspNetCore =>
                    {
                        // Scrapes and liveness probes are not calls anyone traces.
                        aspNetCore.Filter = context => context.Request.Path != MetricsPath && context.Request.Path != "/healthz";
                        aspNetCore.EnrichWithHttpResponse = KeepOnlyRoutedPath;
                    });
                if (options.OtlpEndpoint is not null)
                {
                    tracing.AddOtlpExporter(otlp => Otlp(otlp, options, "v1/traces"));
                }

                if (options.ConsoleTraces)
                {
                    tracing.AddConsoleExporter();
                }
            });
        }

        if (options.OtlpEndpoint is not null)
        {
            // The same structured records as the console's: message templates and their values,
            // which carry no request data (see Log.cs), and the trace and span ids.
            telemetry.WithLogging(logging => logging.AddOtlpExporter(otlp => Otlp(otlp, options, "v1/logs")));
        }

        return builder;
    }

    /// <summary>
    /// <c>/metrics</c> on the HTTP/1.1 port, in Prometheus' text format (OpenMetrics when the
    /// scraper asks for it), and <c>rpc.server.call.duration</c> for every gRPC call. Call after
    /// <c>UseGrpcWeb</c>, so gRPC-Web calls are measured by the status they end with.
    /// </summary>
    public static WebApplication UseRealNameTelemetry(this WebApplication app)
    {
        ServerTelemetry.UseCatalog(app.Services.GetRequiredService<DiagnosisEngine>().Catalog);

        // The gRPC port speaks HTTP/2 only and the HTTP port HTTP/1.1 only, so the protocol tells them apart
        // whatever port number either was given.
        app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
            context.Request.Path == MetricsPath && !HttpProtocol.IsHttp2(context.Request.Protocol));
        app.UseMiddleware<GrpcCallMetrics>();
        return app;
    }

    private static void Otlp(OtlpExporterOptions otlp, TelemetryOptions options, string signalPath)
    {
        var endpoint = options.OtlpEndpoint!;
        if (options.OtlpProtocol == "http/protobuf")
        {
            otlp.Protocol = OtlpExportProtocol.HttpProtobuf;
            // Set in code, the endpoint is used as it is: over HTTP each signal has its own path.
            otlp.Endpoint = new Uri(endpoint, endpoint.AbsolutePath.TrimEnd('/') + "/" + signalPath);
        }
        else
        {
            otlp.Protocol = OtlpExportProtocol.Grpc;
            otlp.Endpoint = endpoint;
        }
    }

    // url.path is whatever the caller put in the request line: kept only where it names a route
    // of the server (the gRPC methods, /healthz), where it equals the route.
    private static void KeepOnlyRoutedPath(System.Diagnostics.Activity activity, HttpResponse response)
    {
        if (response.HttpContext.GetEndpoint() is not RouteEndpoint { RoutePattern.Parameters.Count: 0 })
        {
            activity.SetTag("url.path", null);
        }
    }
}
