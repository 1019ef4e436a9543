using System.Text.RegularExpressions;
using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Matching;

namespace RealNameApi.Diagnosis.Catalog;

// The parts of a rule beyond its identity: patterns, steps and the retry rule.
internal sealed partial class CatalogFileReader
{
    private List<MatchPattern> ReadPatterns(List<PatternYaml?>? patterns)
    {
        var result = new List<MatchPattern>();
        for (var i = 0; i < (patterns?.Count ?? 0); i++)
        {
            var p = patterns![i];
            var field = $"patterns[{i}]";
            if (p is null || (p.All is null) == (p.Regex is null))
            {
                Error(field, "must have exactly one of 'all' (a keyword set) or 'regex'");
                continue;
            }

            var weight = p.Weight ?? DefaultPatternWeight;
            if (weight is <= 0 or > 1)
            {
                Error(field + ".weight", "must be above 0 and at most 1");
            }

            if (p.All is not null)
            {
                var keywords = new List<string>();
                for (var k = 0; k < p.All.Count; k++)
                {
                    var normal = TextNormalizer.Normalize(p.All[k] ?? "");
                    if (normal.Length < 2)
                    {
                        Error($"{field}.all[{k}]", "needs at least two letters or digits once normalised");
                    }
                    else
                    {
                        keywords.Add(normal);
                    }
                }

                if (p.All.Count == 0)
                {
                    Error(field + ".all", "must hold at least one keyword");
                }

                result.Add(new MatchPattern(keywords, null, weight));
                continue;
            }

            try
            {
                // Linear-time matching: a pattern in the data can never make a request slow.
                var regex = new Regex(p.Regex!, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
                result.Add(new MatchPattern([], regex, weight));
            }
            catch (ArgumentException e)
            {
                Error(field + ".regex", "is not a valid regular expression: " + e.Message);
            }
            catch (NotSupportedException e)
            {
                // Lookarounds and backreferences, which linear-time matching cannot do.
                Error(field + ".regex", "uses what linear-time matching cannot do: " + e.Message);
            }
        }

        return result;
    }

    private List<StepDefinition> ReadSteps(List<StepYaml?>? steps, string field)
    {
        var result = new List<StepDefinition>();
        if (steps is not { Count: > 0 })
        {
            Error(field, "must hold at least one step");
            return result;
        }

        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var path = $"{field}[{i}]";
            if (step is null)
            {
                Error(path, "is empty");
                continue;
            }

            var text = Text(step.Text, path + ".text", required: true);
            var detailSubjects = new List<SubjectType>();
            for (var d = 0; d < (step.Details?.Count ?? 0); d++)
            {
                detailSubjects.Add(StepSubject(step.Details![d]?.Subject, $"{path}.details[{d}].subject"));
            }

            result.Add(new StepDefinition(text, Texts(step.Details, path + ".details"))
            {
                Subject = StepSubject(step.Subject, path + ".subject"),
                DetailSubjects = detailSubjects,
            });
        }

        return result;
    }

    private SubjectType StepSubject(string? value, string field) =>
        value is null ? SubjectType.Unspecified : Enum<SubjectType>(value, field);

    // Texts matched like known messages: each must keep two letters or digits once normalised.
    private List<string> ReadPhrases(List<string?>? phrases, string field)
    {
        var result = new List<string>();
        for (var i = 0; i < (phrases?.Count ?? 0); i++)
        {
            var phrase = phrases![i];
            if (string.IsNullOrWhiteSpace(phrase) || TextNormalizer.Normalize(phrase).Length < 2)
            {
                Error($"{field}[{i}]", "needs at least two letters or digits once normalised");
                continue;
            }

            result.Add(phrase);
        }

        return result;
    }

    private List<FindingCode> ReadFindingCodes(List<string?>? codes, string platform, Dictionary<FindingCode, string> owners)
    {
        var result = new List<FindingCode>();
        for (var i = 0; i < (codes?.Count ?? 0); i++)
        {
            var field = $"explains_findings[{i}]";
            var code = Enum<FindingCode>(codes![i], field);
            if (code == FindingCode.Unspecified)
            {
                continue;
            }

            if (owners.TryGetValue(code, out var owner))
            {
                Error(field, $"is already explained by rule {owner}: one rule per finding and platform");
                continue;
            }

            owners[code] = _rule ?? platform;
            result.Add(code);
        }

        return result;
    }

    // other_services and other_products: names, each at least two characters as the matcher reads them.
    private List<string> ReadNames(List<string?>? names, string field)
    {
        var result = new List<string>();
        for (var i = 0; i < (names?.Count ?? 0); i++)
        {
            var name = names![i];
            if (string.IsNullOrWhiteSpace(name) || TextNormalizer.Normalize(name).Length < 2)
            {
                Error($"platform.{field}[{i}]", "needs at least two letters or digits once normalised");
            }
            else
            {
                result.Add(name.Trim());
            }
        }

        return result;
    }

    private List<IReadOnlyList<string>> ReadVocabulary(List<List<string?>?>? groups)
    {
        var result = new List<IReadOnlyList<string>>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var g = 0; g < (groups?.Count ?? 0); g++)
        {
            var group = groups![g];
            var field = $"platform.vocabulary[{g}]";
            if (group is not { Count: >= 2 })
            {
                Error(field, "needs the rules' word and at least one other");
                continue;
            }

            var words = new List<string>();
            for (var w = 0; w < group.Count; w++)
            {
                var word = group[w];
                if (string.IsNullOrWhiteSpace(word) || TextNormalizer.Normalize(word).Length < 2)
                {
                    Error($"{field}[{w}]", "needs at least two letters or digits once normalised");
                }
                else if (seen.TryGetValue(word.Trim().ToLowerInvariant(), out var other))
                {
                    Error($"{field}[{w}]", $"is already in platform.vocabulary[{other}]");
                }
                else
                {
                    seen[word.Trim().ToLowerInvariant()] = g;
                    words.Add(word.Trim());
                }
            }

            result.Add(words);
        }

        return result;
    }

    private RetryRule ReadRetry(RetryYaml? retry, Outcome outcome)
    {
        if (retry is null)
        {
            Error("retry", "is required");
            return default;
        }

        var basis = Enum<RetryBasis>(retry.Basis, "retry.basis");
        var anchor = retry.Anchor is null ? RetryAnchor.OccurredAt : Enum<RetryAnchor>(retry.Anchor, "retry.anchor");
        var min = retry.MinDays ?? 0;
        var max = retry.MaxDays ?? min;
        var counted = basis is RetryBasis.NaturalDays or RetryBasis.WorkingDays;
        if (counted && (min < 0 || max < min || max > MaxRetryDays))
        {
            Error("retry", $"needs 0 <= min_days <= max_days <= {MaxRetryDays}");
        }
        else if (!counted && (retry.MinDays is not null || retry.MaxDays is not null))
        {
            Error("retry", "min_days and max_days apply to NATURAL_DAYS and WORKING_DAYS only");
        }

        var expected = outcome switch
        {
            Outcome.FixAndRetry when basis != RetryBasis.Immediate => "IMMEDIATE",
            Outcome.WaitThenRetry when !counted => "NATURAL_DAYS or WORKING_DAYS",
            Outcome.Appeal or Outcome.Final when basis != RetryBasis.NotRetryable => "NOT_RETRYABLE",
            Outcome.ChangeDocumentOrSubject when counted => "IMMEDIATE (with another document or subject) or NOT_RETRYABLE",
            _ => null,
        };
        if (expected is not null && basis != RetryBasis.Unspecified)
        {
            Error("retry.basis", $"must be {expected} for this outcome");
        }

        return new RetryRule(basis, counted ? min : 0, counted ? max : 0, anchor);
    }
}
