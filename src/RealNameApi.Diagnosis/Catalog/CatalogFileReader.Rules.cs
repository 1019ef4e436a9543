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
            result.Add(new StepDefinition(text, Texts(step.Details, path + ".details")));
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
