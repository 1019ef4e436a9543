using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Localization;

namespace RealNameApi.Diagnosis.Catalog;

/// <summary>One failure rule of a platform, as loaded and validated from the catalog data.</summary>
/// <param name="Id">Stable identifier, <c>&lt;platform&gt;.&lt;slug&gt;</c>.</param>
/// <param name="Platform">The platform the rule belongs to.</param>
/// <param name="Category">A coarse grouping, for dashboards.</param>
/// <param name="Outcome">What the user can do when this rule matches.</param>
/// <param name="KnownMessages">The prompts exactly as the platform shows them.</param>
/// <param name="Codes">The platform's error codes for this rule, if any.</param>
/// <param name="Patterns">Keyword sets and regular expressions that catch paraphrases.</param>
/// <param name="Title">A short title.</param>
/// <param name="Summary">What went wrong, in one or two sentences.</param>
/// <param name="Steps">What to do, in order.</param>
/// <param name="Retry">When a retry can succeed.</param>
/// <param name="AccountLimitId">The platform account limit this rule is about, if any.</param>
/// <param name="Escalation">How to appeal, if the rule offers a way.</param>
/// <param name="Source">Where in the source document the rule comes from.</param>
public sealed record RuleDefinition(
    string Id,
    string Platform,
    Category Category,
    Outcome Outcome,
    IReadOnlyList<string> KnownMessages,
    IReadOnlyList<string> Codes,
    IReadOnlyList<MatchPattern> Patterns,
    LocalizedText Title,
    LocalizedText Summary,
    IReadOnlyList<StepDefinition> Steps,
    RetryRule Retry,
    string? AccountLimitId,
    EscalationDefinition? Escalation,
    SourceReference Source);

/// <summary>One ordered remediation step with its finer points.</summary>
public sealed record StepDefinition(LocalizedText Text, IReadOnlyList<LocalizedText> Details);

/// <summary>When a retry can succeed: the unit, the least and most days, and what they count from.</summary>
public readonly record struct RetryRule(RetryBasis Basis, int MinDays, int MaxDays, RetryAnchor Anchor);
