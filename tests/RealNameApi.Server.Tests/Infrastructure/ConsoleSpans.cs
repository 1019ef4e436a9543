using System.Text.RegularExpressions;

namespace RealNameApi.Server.Tests.Infrastructure;

/// <summary>A span as OpenTelemetry's console exporter printed it.</summary>
public sealed record ConsoleSpan(string TraceId, string SpanId, string ParentSpanId, string Name);

/// <summary>Reads the spans the server printed with <c>Telemetry:ConsoleTraces=true</c>.</summary>
public static partial class ConsoleSpans
{
    public static IReadOnlyList<ConsoleSpan> Parse(string output) =>
        [.. Block().Matches(output).Select(m => new ConsoleSpan(
            m.Groups["trace"].Value, m.Groups["span"].Value, m.Groups["parent"].Success ? m.Groups["parent"].Value : "", m.Groups["name"].Value.Trim()))];

    [GeneratedRegex(@"Activity\.TraceId:\s+(?<trace>[0-9a-f]{32})\nActivity\.SpanId:\s+(?<span>[0-9a-f]{16})\n(Activity\.TraceFlags:[^\n]*\n)?(Activity\.TraceState:[^\n]*\n)?(Activity\.ParentSpanId:\s+(?<parent>[0-9a-f]{16})\n)?Activity\.DisplayName:(?<name>[^\n]*)")]
    private static partial Regex Block();
}
