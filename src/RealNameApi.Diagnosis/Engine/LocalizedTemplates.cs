using System.Collections.Frozen;
using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Catalog;
using RealNameApi.Diagnosis.Localization;
using DiagnosisMessage = RealNameApi.Contracts.V1.Diagnosis;

namespace RealNameApi.Diagnosis.Engine;

/// <summary>
/// The catalog's answers as protobuf messages, built once per rule and locale at start-up, so a
/// diagnosis is a clone of its template plus the parts that depend on the request. Templates
/// are never handed out: callers get clones and may change them freely.
/// </summary>
internal sealed class LocalizedTemplates
{
    private static readonly Locale[] AllLocales = [Locale.ZhCN, Locale.En];

    // The subject types steps are tagged with; index 0 (unspecified) keeps every step.
    private static readonly SubjectType[] Subjects = [SubjectType.Unspecified, SubjectType.Person, SubjectType.Organization];

    private readonly FrozenDictionary<string, DiagnosisMessage>[][] _diagnoses;
    private readonly FrozenDictionary<string, FailureRule>[] _rules;
    private readonly FrozenDictionary<string, PlatformPolicy>[] _policies;
    private readonly FrozenDictionary<string, AccountLimit>[] _limits;

    public LocalizedTemplates(FailureCatalog catalog)
    {
        var allRules = catalog.Rules.Concat(catalog.Platforms.Select(p => p.Unknown)).ToList();
        _diagnoses = [.. AllLocales.Select(l => Subjects.Select(s => allRules.ToFrozenDictionary(r => r.Id, r => BuildDiagnosis(r, l, s, catalog.Version), StringComparer.Ordinal)).ToArray())];
        _rules = [.. AllLocales.Select(l => catalog.Rules.ToFrozenDictionary(r => r.Id, r => BuildRule(r, l), StringComparer.Ordinal))];
        _policies = [.. AllLocales.Select(l => catalog.Platforms.ToFrozenDictionary(p => p.Id, p => BuildPolicy(p, l, catalog.Version), StringComparer.Ordinal))];
        _limits = [.. AllLocales.Select(l => catalog.Platforms.SelectMany(p => p.AccountLimits).ToFrozenDictionary(a => a.Id, a => BuildLimit(a, l), StringComparer.Ordinal))];
    }

    /// <summary>
    /// A new diagnosis holding the rule's fixed parts in <paramref name="locale"/>, with the steps
    /// and details meant for <paramref name="subject"/> (every one when it is unspecified).
    /// </summary>
    public DiagnosisMessage Diagnosis(RuleDefinition rule, Locale locale, SubjectType subject) =>
        _diagnoses[(int)locale][Array.IndexOf(Subjects, subject) is var i and >= 0 ? i : 0][rule.Id].Clone();

    /// <summary>A new listing entry for the rule in <paramref name="locale"/>.</summary>
    public FailureRule Rule(RuleDefinition rule, Locale locale) => _rules[(int)locale][rule.Id].Clone();

    /// <summary>A new policy of the platform in <paramref name="locale"/>.</summary>
    public PlatformPolicy Policy(PlatformDefinition platform, Locale locale) => _policies[(int)locale][platform.Id].Clone();

    /// <summary>A new, unevaluated account limit in <paramref name="locale"/>.</summary>
    public AccountLimit Limit(AccountLimitDefinition limit, Locale locale) => _limits[(int)locale][limit.Id].Clone();

    private static DiagnosisMessage BuildDiagnosis(RuleDefinition rule, Locale locale, SubjectType subject, string version)
    {
        var d = new DiagnosisMessage
        {
            RuleId = rule.Id,
            Platform = rule.Platform,
            Category = rule.Category,
            Outcome = rule.Outcome,
            Locale = locale.Name(),
            Title = rule.Title.For(locale),
            Summary = rule.Summary.For(locale),
            CatalogVersion = version,
            Source = rule.Source.Clone(),
        };
        foreach (var step in rule.Steps)
        {
            if (!StepDefinition.Fits(step.Subject, subject))
            {
                continue;
            }

            var s = new RemediationStep { Text = step.Text.For(locale) };
            for (var i = 0; i < step.Details.Count; i++)
            {
                if (i >= step.DetailSubjects.Count || StepDefinition.Fits(step.DetailSubjects[i], subject))
                {
                    s.Details.Add(step.Details[i].For(locale));
                }
            }

            d.Steps.Add(s);
        }

        if (rule.Escalation is not null)
        {
            d.Escalation = BuildEscalation(rule.Escalation, locale);
        }

        return d;
    }

    private static FailureRule BuildRule(RuleDefinition rule, Locale locale)
    {
        var r = new FailureRule
        {
            RuleId = rule.Id,
            Platform = rule.Platform,
            Category = rule.Category,
            Outcome = rule.Outcome,
            Title = rule.Title.For(locale),
            Source = rule.Source.Clone(),
        };
        r.KnownMessages.AddRange(rule.KnownMessages);
        r.Codes.AddRange(rule.Codes);
        return r;
    }

    private static PlatformPolicy BuildPolicy(PlatformDefinition platform, Locale locale, string version)
    {
        var p = new PlatformPolicy
        {
            Platform = platform.Id,
            DisplayName = platform.DisplayName.For(locale),
            VerificationMethod = platform.VerificationMethod.For(locale),
            ReviewTime = platform.ReviewTime.For(locale),
            RuleCount = platform.Rules.Count,
            CatalogVersion = version,
        };
        p.AccountLimits.AddRange(platform.AccountLimits.Select(a => BuildLimit(a, locale)));
        p.UploadLimits.AddRange(platform.UploadLimits.Select(u => u.Clone()));
        if (platform.Escalation is not null)
        {
            p.Escalation = BuildEscalation(platform.Escalation, locale);
        }

        return p;
    }

    private static AccountLimit BuildLimit(AccountLimitDefinition limit, Locale locale)
    {
        var a = new AccountLimit
        {
            LimitId = limit.Id,
            SubjectType = limit.SubjectType,
            MaxAccounts = limit.MaxAccounts,
            State = AccountLimitState.NotEvaluated,
            Description = limit.Description.For(locale),
            Basis = limit.Basis.For(locale),
        };
        a.Options.AddRange(limit.Options.Select(o => o.For(locale)));
        return a;
    }

    private static Escalation BuildEscalation(EscalationDefinition escalation, Locale locale)
    {
        var e = new Escalation();
        foreach (var channel in escalation.Channels)
        {
            var c = new EscalationChannel
            {
                Kind = channel.Kind,
                Name = channel.Name.For(locale),
                Address = channel.Address,
                SubjectTemplate = channel.SubjectTemplate,
                WhenToUse = channel.WhenToUse.For(locale),
            };
            c.RequiredMaterials.AddRange(channel.RequiredMaterials.Select(m => m.For(locale)));
            e.Channels.Add(c);
        }

        e.RequiredMaterials.AddRange(escalation.RequiredMaterials.Select(m => m.For(locale)));
        e.Notes.AddRange(escalation.Notes.Select(n => n.For(locale)));
        return e;
    }
}
