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
    SourceReference Source)
{
    /// <summary>How users retell the prompt (zh); matched like known messages, never as exact.</summary>
    public IReadOnlyList<string> Paraphrases { get; init; } = [];

    /// <summary>The prompt in English, as platforms and partner portals word it.</summary>
    public IReadOnlyList<string> EnglishMessages { get; init; } = [];

    /// <summary>How English-speaking users retell the prompt.</summary>
    public IReadOnlyList<string> EnglishParaphrases { get; init; } = [];

    /// <summary>The document findings this rule explains, for a request decided by its document.</summary>
    public IReadOnlyList<FindingCode> ExplainsFindings { get; init; } = [];
}

/// <summary>One ordered remediation step with its finer points.</summary>
public sealed record StepDefinition(LocalizedText Text, IReadOnlyList<LocalizedText> Details)
{
    /// <summary>The subject type the step is for; <see cref="SubjectType.Unspecified"/>: every subject.</summary>
    public SubjectType Subject { get; init; }

    /// <summary>The subject type of each of <see cref="Details"/>, in the same order.</summary>
    public IReadOnlyList<SubjectType> DetailSubjects { get; init; } = [];

    /// <summary>Whether the step is for <paramref name="subject"/>; an unknown subject gets every step.</summary>
    public static bool Fits(SubjectType stepSubject, SubjectType subject) =>
        stepSubject == SubjectType.Unspecified || subject == SubjectType.Unspecified || stepSubject == subject;
}

/// <summary>When a retry can succeed: the unit, the least and most days, and what they count from.</summary>
public readonly record struct RetryRule(RetryBasis Basis, int MinDays, int MaxDays, RetryAnchor Anchor);
