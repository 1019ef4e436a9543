using System.Globalization;
using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Engine;
using RealNameApi.Diagnosis.Evaluation;
using RealNameApi.Diagnosis.Localization;
using RealNameApi.Diagnosis.Time;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

// Scores the engine, as the service builds it, on every case file of Cases/ (or of the directory
// given): per group the share of right answers and of confidently wrong ones (a rule named that
// is not the expected one), then a confusion table of outcomes and the misses. Exits 1 when a
// group is below its min_accuracy or any answer is confidently wrong.
var directory = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "Cases");
var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
var engine = DiagnosisEngine.Create();
var files = Directory.EnumerateFiles(directory, "*.yaml").Order(StringComparer.Ordinal).ToList();
if (files.Count == 0)
{
    Console.Error.WriteLine($"No case files in {directory}");
    return 2;
}

var outcomes = Enum.GetValues<Outcome>().Where(o => o != Outcome.Unspecified).ToArray();
var confusion = new int[outcomes.Length + 1, outcomes.Length + 1];
var misses = new List<string>();
var failed = false;
var totalCases = 0;
var totalRight = 0;
var totalConfidentlyWrong = 0;

// For the threshold: per platform, the lowest confidence of a right answer matched from the
// message, and the highest confidence of any answer to a text expected unknown.
var lowestRight = new Dictionary<string, (double Confidence, string Message)>();
var highestUnknown = new Dictionary<string, (double Confidence, string Message)>();
Console.WriteLine($"{"group",-16} {"cases",6} {"right",6} {"accuracy",9} {"minimum",8} {"conf. wrong",12}");
foreach (var path in files)
{
    var file = deserializer.Deserialize<CaseFile>(File.ReadAllText(path));
    var right = 0;
    var confidentlyWrong = 0;
    foreach (var c in file.Cases)
    {
        var today = Requests.Day(c.Today ?? file.Today ?? c.OccurredAt ?? "2026-10-20");
        var result = engine.Diagnose(Requests.From(c), Locale.ZhCN, today);
        if (!result.IsOk)
        {
            misses.Add($"{file.Group}: request refused ({result.Error}): {Describe(c)}");
            continue;
        }

        var d = result.Value!;
        var expectedRule = c.Expect is null ? null : c.Expect == "unknown" ? c.Platform + ".unknown" : c.Expect;
        var expectedOutcome = c.Outcome is { } o ? Requests.Parse<Outcome>(o, "OUTCOME_")
            : expectedRule is null ? Outcome.Unspecified
            : c.Expect == "unknown" ? Outcome.Unknown
            : engine.Catalog.TryGetRule(expectedRule, out var rule) ? rule.Outcome : Outcome.Unspecified;
        var problems = new List<string>();
        if (expectedRule is not null && d.RuleId != expectedRule)
        {
            problems.Add($"rule {d.RuleId} ({d.Confidence:F2}), expected {expectedRule}");
        }

        if (expectedOutcome != Outcome.Unspecified && d.Outcome != expectedOutcome)
        {
            problems.Add($"outcome {d.Outcome}, expected {expectedOutcome}");
        }

        if (c.Retry is { } retry)
        {
            var earliest = d.Retry?.Earliest is { } e ? ShanghaiTime.DateOf(e).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "-";
            var latest = d.Retry?.Latest is { } l ? ShanghaiTime.DateOf(l).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "-";
            if ((retry.Earliest is not null && retry.Earliest != earliest) || (retry.Latest is not null && retry.Latest != latest)
                || (retry.Estimated is { } estimated && estimated != d.Retry?.CalendarEstimated))
            {
                problems.Add($"retry {earliest}..{latest}{(d.Retry?.CalendarEstimated == true ? " (estimated)" : "")}, expected {retry.Earliest}..{retry.Latest}");
            }
        }

        // Confidently wrong: the answer names a rule, and it is not the expected one.
        var named = !d.RuleId.EndsWith(".unknown", StringComparison.Ordinal);
        if (named && expectedRule is not null && d.RuleId != expectedRule)
        {
            confidentlyWrong++;
        }

        if (c.Message is { Length: > 0 } text && d.DecidedBy is DecidingEvidence.MessageRule or DecidingEvidence.FinalRule or DecidingEvidence.None)
        {
            if (c.Expect == "unknown" && (!highestUnknown.TryGetValue(c.Platform, out var hu) || d.Confidence > hu.Confidence))
            {
                highestUnknown[c.Platform] = (d.Confidence, text);
            }
            else if (c.Expect != "unknown" && d.RuleId == expectedRule && (!lowestRight.TryGetValue(c.Platform, out var lr) || d.Confidence < lr.Confidence))
            {
                lowestRight[c.Platform] = (d.Confidence, text);
            }
        }

        confusion[Index(expectedOutcome), Index(d.Outcome)]++;
        if (problems.Count == 0)
        {
            right++;
        }
        else
        {
            misses.Add($"{file.Group}: {string.Join("; ", problems)}: {Describe(c)}");
        }
    }

    var accuracy = file.Cases.Count == 0 ? 1 : (double)right / file.Cases.Count;
    var ok = accuracy >= file.MinAccuracy && confidentlyWrong == 0;
    failed |= !ok;
    totalCases += file.Cases.Count;
    totalRight += right;
    totalConfidentlyWrong += confidentlyWrong;
    Console.WriteLine($"{file.Group,-16} {file.Cases.Count,6} {right,6} {accuracy,9:P1} {file.MinAccuracy,8:P0} {confidentlyWrong,12}{(ok ? "" : "  FAIL")}");
}

Console.WriteLine($"{"all",-16} {totalCases,6} {totalRight,6} {(double)totalRight / totalCases,9:P1} {"",8} {totalConfidentlyWrong,12}");
Console.WriteLine();
Console.WriteLine("Threshold (per platform: the catalog's match_threshold, the lowest right match, the highest unknown text):");
foreach (var platform in engine.Catalog.Platforms)
{
    var low = lowestRight.GetValueOrDefault(platform.Id, (double.NaN, ""));
    var high = highestUnknown.GetValueOrDefault(platform.Id, (double.NaN, ""));
    Console.WriteLine($"  {platform.Id,-14} threshold {platform.MatchThreshold:F2}   lowest right {low.Item1:F3} ({low.Item2})   highest unknown {high.Item1:F3} ({high.Item2})");
}

Console.WriteLine();
Console.WriteLine("Outcomes (rows expected, columns answered):");
string Short(Outcome o) => o.ToString() switch { "FixAndRetry" => "fix", "WaitThenRetry" => "wait", "ChangeDocumentOrSubject" => "change", "Appeal" => "appeal", "Final" => "final", "Unknown" => "unknown", _ => "?" };
Console.WriteLine($"{"",10}" + string.Concat(outcomes.Select(o => $"{Short(o),9}")) + $"{"(none)",9}");
for (var i = 0; i <= outcomes.Length; i++)
{
    var label = i < outcomes.Length ? Short(outcomes[i]) : "(none)";
    Console.WriteLine($"{label,10}" + string.Concat(Enumerable.Range(0, outcomes.Length + 1).Select(j => $"{confusion[i, j],9}")));
}

Console.WriteLine();
Console.WriteLine(misses.Count == 0 ? "No misses." : $"Misses ({misses.Count}):");
foreach (var miss in misses)
{
    Console.WriteLine("  " + miss);
}

Console.WriteLine(failed ? "\nEVALUATION FAILED: a group is below its minimum or an answer is confidently wrong." : "\nEvaluation passed.");
return failed ? 1 : 0;

int Index(Outcome o) => Array.IndexOf(outcomes, o) is var i and >= 0 ? i : outcomes.Length;

static string Describe(Case c) => c.Message is { Length: > 0 } m ? $"[{c.Platform}] {m}" : $"[{c.Platform}] document {c.Document?.Type} {c.Document?.Number}";
