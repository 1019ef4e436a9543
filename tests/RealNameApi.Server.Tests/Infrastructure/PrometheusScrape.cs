using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using RealNameApi.Testing;

namespace RealNameApi.Server.Tests.Infrastructure;

/// <summary>One sample of a scrape: the series' name, its labels and its value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string this[string label] => Labels.TryGetValue(label, out var value) ? value : "";

    /// <summary>The label names, without the two every series of the exporter has (<c>otel_scope_name</c>) or buckets have (<c>le</c>).</summary>
    public IReadOnlySet<string> OwnLabelNames => Labels.Keys.Where(k => k is not ("otel_scope_name" or "otel_scope_version" or "le")).ToHashSet();
}

/// <summary>
/// <c>/metrics</c> of a server process, read in Prometheus' text exposition format (version
/// 0.0.4): one sample a line, <c>name{label="value",...} value</c>, comments skipped.
/// </summary>
public sealed partial class PrometheusScrape
{
    private PrometheusScrape(string text, string contentType, IReadOnlyList<PrometheusSample> samples)
    {
        Text = text;
        ContentType = contentType;
        Samples = samples;
    }

    public string Text { get; }

    public string ContentType { get; }

    public IReadOnlyList<PrometheusSample> Samples { get; }

    public static async Task<PrometheusScrape> ReadAsync(ServerProcess server)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.GetAsync(new Uri(server.HttpAddress, "/metrics"));
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync();
        var samples = new List<PrometheusSample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var match = Sample().Match(line);
            Assert.True(match.Success, $"not a sample line of the text format: {line}");
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match label in Label().Matches(match.Groups["labels"].Value))
            {
                labels.Add(label.Groups["name"].Value, Unescape(label.Groups["value"].Value));
            }

            samples.Add(new PrometheusSample(match.Groups["name"].Value, labels, ParseValue(match.Groups["value"].Value)));
        }

        return new PrometheusScrape(text, response.Content.Headers.ContentType?.ToString() ?? "", samples);
    }

    /// <summary>The samples of one series name (<c>realname_diagnoses_total</c>, <c>rpc_server_call_duration_seconds_count</c>).</summary>
    public IReadOnlyList<PrometheusSample> Of(string name) => [.. Samples.Where(s => s.Name == name)];

    /// <summary>The sum of the samples of <paramref name="name"/> whose labels include <paramref name="labels"/>.</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) =>
        Of(name).Where(s => labels.All(l => s[l.Label] == l.Value)).Sum(s => s.Value);

    private static double ParseValue(string value) => value switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(value, CultureInfo.InvariantCulture),
    };

    private static string Unescape(string value)
    {
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
                text.Append(value[i] == 'n' ? '\n' : value[i]);
            }
            else
            {
                text.Append(value[i]);
            }
        }

        return text.ToString();
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( -?\d+)?$")]
    private static partial Regex Sample();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(\\.|[^""\\])*)""")]
    private static partial Regex Label();
}
