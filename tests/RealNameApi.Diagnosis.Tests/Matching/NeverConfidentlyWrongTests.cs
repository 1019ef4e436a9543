using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Engine;
using RealNameApi.Diagnosis.Localization;
using YamlDotNet.RepresentationModel;

namespace RealNameApi.Diagnosis.Tests.Matching;

/// <summary>
/// The property the threshold exists for, over the evaluation's labelled messages: a text that
/// is none of the platform's failures is never answered with a rule, and no labelled text is
/// answered with another rule than its own (missing it, UNKNOWN, is allowed; guessing wrong is not).
/// </summary>
public sealed class NeverConfidentlyWrongTests
{
    private static readonly DiagnosisEngine Engine = DiagnosisEngine.Create();

    public static TheoryData<string, string, string> Messages()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var path in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "EvaluationCases"), "*.yaml").Order(StringComparer.Ordinal))
        {
            var yaml = new YamlStream();
            using (var reader = new StreamReader(path))
            {
                yaml.Load(reader);
            }

            var cases = (YamlSequenceNode)((YamlMappingNode)yaml.Documents[0].RootNode)["cases"];
            foreach (YamlMappingNode c in cases)
            {
                string? Field(string name) => c.Children.TryGetValue(name, out var v) ? ((YamlScalarNode)v).Value : null;
                if (Field("message") is { } message && Field("expect") is { } expect && !c.Children.ContainsKey("document"))
                {
                    data.Add(Field("platform")!, message, expect);
                }
            }
        }

        return data;
    }

    [Fact]
    public void The_evaluation_cases_are_there() => Assert.True(Messages().Count > 150);

    [Theory]
    [MemberData(nameof(Messages))]
    public void A_labelled_message_is_answered_with_its_rule_or_unknown_never_another_rule(string platform, string message, string expect)
    {
        var d = Engine.Diagnose(new DiagnoseRequest { Platform = platform, Message = message }, Locale.ZhCN, new DateOnly(2026, 10, 20)).Value!;
        var expected = expect == "unknown" ? platform + ".unknown" : expect;
        Assert.True(d.RuleId == expected || d.Outcome == Outcome.Unknown, $"'{message}' answered {d.RuleId} at {d.Confidence:F3}, expected {expected}");
    }
}
