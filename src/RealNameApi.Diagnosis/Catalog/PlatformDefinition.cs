using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Localization;

namespace RealNameApi.Diagnosis.Catalog;

/// <summary>A platform of the catalog: its policy, its matcher threshold and its rules.</summary>
/// <param name="Id">Catalog identifier, for example <c>dayu</c>.</param>
/// <param name="DisplayName">The platform's name.</param>
/// <param name="VerificationMethod">How the platform verifies.</param>
/// <param name="ReviewTime">How long the platform's review usually takes; empty when the source does not say.</param>
/// <param name="SourceDocument">The identifier of the source document the rules come from.</param>
/// <param name="MatchThreshold">Below this confidence a message is diagnosed as unknown.</param>
/// <param name="DefaultSubjectType">The subject type assumed when the request gives none (a platform serving only persons).</param>
/// <param name="AccountLimits">Account limits per subject type.</param>
/// <param name="UploadLimits">Upload limits per channel; empty when the platform takes no uploads.</param>
/// <param name="Escalation">The default way to appeal.</param>
/// <param name="Unknown">The safe, generic guidance for a message no rule matches.</param>
/// <param name="Rules">The platform's rules, ordered by id.</param>
public sealed record PlatformDefinition(
    string Id,
    LocalizedText DisplayName,
    LocalizedText VerificationMethod,
    LocalizedText ReviewTime,
    string SourceDocument,
    double MatchThreshold,
    SubjectType DefaultSubjectType,
    IReadOnlyList<AccountLimitDefinition> AccountLimits,
    IReadOnlyList<UploadLimits> UploadLimits,
    EscalationDefinition? Escalation,
    RuleDefinition Unknown,
    IReadOnlyList<RuleDefinition> Rules)
{
    /// <summary>
    /// Groups of words users use for one thing (zh or en), the first of each the word the rules
    /// use: the matcher reads every other word of a group as that first one.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> Vocabulary { get; init; } = [];

    /// <summary>
    /// Names of other services (百家号, 腾讯云): a message about one of them being verified is
    /// not about this platform's verification, whatever prompt it quotes.
    /// </summary>
    public IReadOnlyList<string> OtherServices { get; init; } = [];

    /// <summary>
    /// Names of the provider's other products (ECS, OSS): a message that names one and no
    /// verification at all ("ECS服务器上传文件提示网络错误") is about that product, not this platform.
    /// </summary>
    public IReadOnlyList<string> OtherProducts { get; init; } = [];

    /// <summary>The rule id of the unknown diagnosis: <c>&lt;platform&gt;.unknown</c>.</summary>
    public string UnknownRuleId => Unknown.Id;

    /// <summary>The account limit for <paramref name="subjectType"/>, or null when the platform has none.</summary>
    public AccountLimitDefinition? AccountLimitFor(SubjectType subjectType)
    {
        foreach (var limit in AccountLimits)
        {
            if (limit.SubjectType == subjectType)
            {
                return limit;
            }
        }

        return null;
    }
}

/// <summary>The most accounts one subject of a type may hold on a platform, and what to do beyond it.</summary>
public sealed record AccountLimitDefinition(
    string Id,
    SubjectType SubjectType,
    int MaxAccounts,
    LocalizedText Description,
    LocalizedText Basis,
    IReadOnlyList<LocalizedText> Options);

/// <summary>How to appeal: channels in order of preference, materials, and conditions on them.</summary>
public sealed record EscalationDefinition(
    IReadOnlyList<ChannelDefinition> Channels,
    IReadOnlyList<LocalizedText> RequiredMaterials,
    IReadOnlyList<LocalizedText> Notes);

/// <summary>One escalation channel. <paramref name="RequiredMaterials"/> is empty when the escalation's list applies.</summary>
public sealed record ChannelDefinition(
    EscalationChannelKind Kind,
    LocalizedText Name,
    string Address,
    string SubjectTemplate,
    LocalizedText WhenToUse,
    IReadOnlyList<LocalizedText> RequiredMaterials);
