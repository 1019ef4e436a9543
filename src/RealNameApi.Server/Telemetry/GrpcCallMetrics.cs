using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;

namespace RealNameApi.Server.Telemetry;

/// <summary>
/// <c>rpc.server.call.duration</c>: every gRPC call (native or gRPC-Web) by service, method and
/// the <c>grpc-status</c> it ended with, as OpenTelemetry's RPC conventions name them. ASP.NET
/// Core's own <c>http.server.request.duration</c> sees a gRPC call as HTTP 200 whatever its
/// status, so it cannot tell failures apart.
/// </summary>
/// <remarks>
/// Middleware rather than an interceptor: it reads the status grpc-dotnet actually sent, also of
/// calls that never reach an interceptor (a deadline that fired, an oversized or unreadable
/// message, an unimplemented method). Service and method come from the endpoint grpc-dotnet
/// mapped, so they are the services' own names; an unimplemented one is <c>_OTHER</c>.
/// </remarks>
internal sealed class GrpcCallMetrics
{
    private const string Unknown = "_OTHER";

    private static readonly Meter Meter = new(ServerTelemetry.Name);

    private static readonly Histogram<double> Duration = Meter.CreateHistogram(
        "rpc.server.call.duration", "s",
        "Duration of gRPC calls handled, by rpc.service, rpc.method and rpc.grpc.status_code (for streams: until the stream ended).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });

    // Status codes as the label values the conventions use (the number), made once.
    private static readonly string[] StatusLabels = [.. Enumerable.Range(0, 17).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    private readonly RequestDelegate _next;

    public GrpcCallMetrics(RequestDelegate next) => _next = next;

    public Task InvokeAsync(HttpContext context)
    {
        if (!Duration.Enabled || !IsGrpc(context.Request.ContentType))
        {
            return _next(context);
        }

        var started = Stopwatch.GetTimestamp();
        Task call;
        try
        {
            call = _next(context);
        }
        catch
        {
            Record(context, started);
            throw;
        }

        // A call that completed at once (a cache hit, often) is recorded without an async state machine.
        if (call.IsCompleted)
        {
            Record(context, started);
            return call;
        }
        return RecordAsync(call, context, started);
    }

    private static async Task RecordAsync(Task call, HttpContext context, long started)
    {
        try
        {
            await call;
        }
        finally
        {
            Record(context, started);
        }
    }

    private static void Record(HttpContext context, long started)
    {
        var method = context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method;
        var tags = new TagList
        {
            { "rpc.system", "grpc" },
            { "rpc.service", method?.ServiceName ?? Unknown },
            { "rpc.method", method?.Name ?? Unknown },
            { "rpc.grpc.status_code", StatusOf(context) },
        };
        Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
    }

    private static bool IsGrpc(string? contentType) =>
        contentType is not null && contentType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    // grpc-status is a trailer, or a header of a Trailers-Only response; gRPC-Web's trailers are
    // read from the feature grpc-dotnet's gRPC-Web middleware puts in place. Without either the
    // call did not complete (the connection went away): CANCELLED, as a client sees it.
    private static string StatusOf(HttpContext context)
    {
        var value = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers["grpc-status"] is { Count: > 0 } trailer
            ? trailer[0]
            : context.Response.Headers["grpc-status"].FirstOrDefault();
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code < StatusLabels.Length
            ? StatusLabels[code]
            : StatusLabels[(int)StatusCode.Cancelled];
    }
}
