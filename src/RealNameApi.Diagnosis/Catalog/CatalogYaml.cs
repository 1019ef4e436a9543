namespace RealNameApi.Diagnosis.Catalog;

// The shape of a platform file as YAML (snake_case keys). Everything is optional here so that
// CatalogFileReader can report every missing or wrong field at once, naming it, instead of the
// deserializer stopping at the first one. Enum values stay strings for the same reason.
// Files share repeated content with YAML anchors and aliases (&name at first use, *name after).

internal sealed class PlatformFileYaml
{
    public PlatformYaml? Platform { get; set; }

    public List<RuleYaml?>? Rules { get; set; }
}

internal sealed class PlatformYaml
{
    public string? Id { get; set; }

    public TextYaml? DisplayName { get; set; }

    public TextYaml? VerificationMethod { get; set; }

    public TextYaml? ReviewTime { get; set; }

    public string? SourceDocument { get; set; }

    public double? MatchThreshold { get; set; }

    public string? DefaultSubjectType { get; set; }

    public List<AccountLimitYaml?>? AccountLimits { get; set; }

    public List<UploadLimitsYaml?>? UploadLimits { get; set; }

    public EscalationYaml? Escalation { get; set; }

    public UnknownYaml? Unknown { get; set; }

    // Groups of words users use for the same thing, the first of each the one the rules use.
    public List<List<string?>?>? Vocabulary { get; set; }

    // Names of other services whose own verification users ask about by mistake.
    public List<string?>? OtherServices { get; set; }

    // Names of the provider's other products, whose own failures share this platform's words.
    public List<string?>? OtherProducts { get; set; }
}

internal sealed class TextYaml
{
    public string? Zh { get; set; }

    public string? En { get; set; }

    // Only for a step's details: the subject type the detail is for (PERSON, ORGANIZATION).
    public string? Subject { get; set; }
}

internal sealed class StepYaml
{
    public TextYaml? Text { get; set; }

    public List<TextYaml?>? Details { get; set; }

    // The subject type the step is for (PERSON, ORGANIZATION); absent: every subject.
    public string? Subject { get; set; }
}

internal sealed class RetryYaml
{
    public string? Basis { get; set; }

    public int? MinDays { get; set; }

    public int? MaxDays { get; set; }

    public string? Anchor { get; set; }
}

internal sealed class AccountLimitYaml
{
    public string? Id { get; set; }

    public string? SubjectType { get; set; }

    public int? MaxAccounts { get; set; }

    public TextYaml? Description { get; set; }

    public TextYaml? Basis { get; set; }

    public List<TextYaml?>? Options { get; set; }
}

internal sealed class UploadLimitsYaml
{
    public string? Channel { get; set; }

    public long? MinBytes { get; set; }

    public long? MaxBytes { get; set; }

    public List<string?>? Formats { get; set; }

    public bool? ColorRequired { get; set; }
}

internal sealed class EscalationYaml
{
    public List<ChannelYaml?>? Channels { get; set; }

    public List<TextYaml?>? RequiredMaterials { get; set; }

    public List<TextYaml?>? Notes { get; set; }
}

internal sealed class ChannelYaml
{
    public string? Kind { get; set; }

    public TextYaml? Name { get; set; }

    public string? Address { get; set; }

    public string? SubjectTemplate { get; set; }

    public TextYaml? WhenToUse { get; set; }

    public List<TextYaml?>? RequiredMaterials { get; set; }
}

internal sealed class PatternYaml
{
    public List<string?>? All { get; set; }

    public string? Regex { get; set; }

    public double? Weight { get; set; }
}

internal sealed class UnknownYaml
{
    public TextYaml? Title { get; set; }

    public TextYaml? Summary { get; set; }

    public List<StepYaml?>? Steps { get; set; }
}

internal sealed class RuleYaml
{
    public string? Id { get; set; }

    public string? Section { get; set; }

    public string? Category { get; set; }

    public string? Outcome { get; set; }

    // Why the outcome is what it is, when the source leaves room for another reading. Data for
    // reviewers of the catalog; not sent to callers.
    public string? OutcomeRationale { get; set; }

    public List<string?>? KnownMessages { get; set; }

    // How users retell the prompt: matched like known messages, but never as an exact match.
    public List<string?>? Paraphrases { get; set; }

    // The prompt in English, as platforms answering in English and partner portals word it.
    public List<string?>? KnownMessagesEn { get; set; }

    // How English-speaking users and support staff retell it.
    public List<string?>? ParaphrasesEn { get; set; }

    // Document findings (FindingCode names) that this rule explains, for a request whose
    // document, not its message, says what went wrong.
    public List<string?>? ExplainsFindings { get; set; }

    public List<string?>? Codes { get; set; }

    public List<PatternYaml?>? Patterns { get; set; }

    public TextYaml? Title { get; set; }

    public TextYaml? Summary { get; set; }

    public List<StepYaml?>? Steps { get; set; }

    public RetryYaml? Retry { get; set; }

    public string? AccountLimit { get; set; }

    public EscalationYaml? Escalation { get; set; }
}
