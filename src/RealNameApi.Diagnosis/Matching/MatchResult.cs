using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Catalog;

namespace RealNameApi.Diagnosis.Matching;

/// <summary>A rule that fits a message, how well, and how it was matched.</summary>
public readonly record struct RuleMatch(RuleDefinition Rule, double Confidence, MatchKind Kind);

/// <summary>
/// What the matcher made of a message: the rule it is confident about, or none (unknown), and
/// the other rules that fit less well, best first.
/// </summary>
public sealed class MatchResult
{
    internal MatchResult(RuleDefinition? rule, double confidence, MatchKind kind, RuleMatch[] alternatives)
    {
        Rule = rule;
        Confidence = confidence;
        Kind = kind;
        Alternatives = alternatives;
    }

    /// <summary>The matched rule, or null when no rule reached the platform's threshold.</summary>
    public RuleDefinition? Rule { get; }

    /// <summary>The confidence in <see cref="Rule"/>, 0 to 1; for an unknown message, that of the best candidate.</summary>
    public double Confidence { get; }

    /// <summary>How the rule was matched; <see cref="MatchKind.None"/> for an unknown message.</summary>
    public MatchKind Kind { get; }

    /// <summary>Other rules that fit, best first (for an unknown message, the best candidates).</summary>
    public IReadOnlyList<RuleMatch> Alternatives { get; }
}
