namespace RealNameApi.Server.Telemetry;

/// <summary>The <c>Telemetry</c> section. Metrics are always on <c>/metrics</c>; everything else is off by default.</summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Telemetry";

    /// <summary>The service name on every span, metric and log record exported (<c>service.name</c>).</summary>
    public string ServiceName { get; set; } = "realname-api";

    /// <summary>
    /// An OpenTelemetry collector to send traces, metrics and logs to, over OTLP
    /// (<c>http://collector:4317</c> for gRPC, <c>http://collector:4318</c> for HTTP). Empty: no OTLP.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (default) or <c>http/protobuf</c>.</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>Writes every finished span to standard output (OpenTelemetry's console exporter), for local debugging.</summary>
    public bool ConsoleTraces { get; set; }

    /// <summary>How often the case counts by state are read from the status store for the <c>realname.status.cases</c> gauge.</summary>
    public TimeSpan CaseCountInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Whether any span exporter is configured; without one no spans are recorded.</summary>
    public bool ExportsTraces => OtlpEndpoint is not null || ConsoleTraces;

    /// <summary>The problems with these options, empty when they are valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (OtlpEndpoint is { } endpoint && (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https")))
        {
            yield return "Telemetry:OtlpEndpoint must be an absolute http or https URI.";
        }

        if (OtlpProtocol is not ("grpc" or "http/protobuf"))
        {
            yield return "Telemetry:OtlpProtocol must be grpc or http/protobuf.";
        }

        if (CaseCountInterval < TimeSpan.FromMilliseconds(100) || CaseCountInterval > TimeSpan.FromHours(1))
        {
            yield return "Telemetry:CaseCountInterval must be between 00:00:00.1 and 01:00:00.";
        }

        if (string.IsNullOrWhiteSpace(ServiceName))
        {
            yield return "Telemetry:ServiceName must not be empty.";
        }
    }
}
