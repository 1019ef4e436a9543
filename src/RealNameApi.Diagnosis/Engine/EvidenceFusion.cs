using System.Collections.Frozen;
using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Catalog;
using RealNameApi.Diagnosis.Matching;

namespace RealNameApi.Diagnosis.Engine;

/// <summary>What decided a diagnosis, the rule it is worded from and the findings its steps start with.</summary>
/// <param name="Evidence">The deciding evidence.</param>
/// <param name="Rule">The rule the answer is worded from; the platform's unknown rule when none fits.</param>
/// <param name="Outcome">The outcome the evidence imposes, or null to take the rule's (and its retry plan).</param>
/// <param name="Leading">The findings that come first in the steps.</param>
internal readonly record struct Decision(DecidingEvidence Evidence, RuleDefinition Rule, Outcome? Outcome, IReadOnlyList<DocumentFinding> Leading);

/// <summary>
/// Weighs the evidence of a request in a fixed order, the first that applies deciding:
/// <list type="number">
/// <item>the message (or code) matched a rule whose outcome is final: nothing can change it;</item>
/// <item>the subject has reached the account limit: it must change, whatever the message says;</item>
/// <item>the document has ERROR findings: they are fixed first (a wait cannot fix a wrong number);</item>
/// <item>the message matched a rule: its answer;</item>
/// <item>no message matched, but the document has WARNING findings (a card too new): its answer;</item>
/// <item>nothing: unknown.</item>
/// </list>
/// A document decides through the rule that explains its finding (the catalog's
/// <c>explains_findings</c>), so the answer keeps the platform's own wording; the message's rule
/// stays the rule when there is one, and the steps start with the findings.
/// </summary>
internal sealed class EvidenceFusion
{
    private readonly FrozenDictionary<string, FrozenDictionary<FindingCode, RuleDefinition>> _explaining;
    private readonly FrozenDictionary<string, RuleDefinition> _limitRules;

    // Shared and never added to: Select hands it out for a request without findings.
    private static readonly List<DocumentFinding> NoFindings = [];

    public EvidenceFusion(FailureCatalog catalog)
    {
        _explaining = catalog.Platforms.ToFrozenDictionary(
            p => p.Id,
            p => p.Rules.SelectMany(r => r.ExplainsFindings.Select(c => (c, r))).ToFrozenDictionary(x => x.c, x => x.r),
            StringComparer.Ordinal);
        var limitRules = new Dictionary<string, RuleDefinition>(StringComparer.Ordinal);
        foreach (var rule in catalog.Rules)
        {
            if (rule.AccountLimitId is { } id)
            {
                limitRules.TryAdd(id, rule);
            }
        }

        _limitRules = limitRules.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public Decision Decide(PlatformDefinition platform, MatchResult match, IReadOnlyList<DocumentFinding> findings, AccountLimit? limit)
    {
        if (match.Rule is { Outcome: Outcome.Final } final)
        {
            return new Decision(DecidingEvidence.FinalRule, final, null, []);
        }

        if (limit is { State: AccountLimitState.Reached })
        {
            var rule = _limitRules.GetValueOrDefault(limit.LimitId) ?? platform.Unknown;
            return new Decision(DecidingEvidence.AccountLimit, rule, Outcome.ChangeDocumentOrSubject, []);
        }

        var errors = Select(findings, FindingSeverity.Error);
        if (errors.Count > 0)
        {
            // Only a new document helps an expired one; anything else the user corrects.
            var outcome = errors.Any(f => f.Code == FindingCode.Expired) ? Outcome.ChangeDocumentOrSubject : Outcome.FixAndRetry;
            return new Decision(DecidingEvidence.DocumentFindings, match.Rule ?? Explaining(platform, errors), outcome, errors);
        }

        if (match.Rule is { } matched)
        {
            return new Decision(DecidingEvidence.MessageRule, matched, null, []);
        }

        var warnings = Select(findings, FindingSeverity.Warning);
        if (warnings.Count > 0)
        {
            return new Decision(DecidingEvidence.DocumentFindings, Explaining(platform, warnings), null, warnings);
        }

        return new Decision(DecidingEvidence.None, platform.Unknown, null, []);
    }

    // The rule that explains the most serious finding it can (findings come most serious first).
    private RuleDefinition Explaining(PlatformDefinition platform, List<DocumentFinding> findings)
    {
        var rules = _explaining[platform.Id];
        foreach (var finding in findings)
        {
            if (rules.TryGetValue(finding.Code, out var rule))
            {
                return rule;
            }
        }

        return platform.Unknown;
    }

    private static List<DocumentFinding> Select(IReadOnlyList<DocumentFinding> findings, FindingSeverity severity)
    {
        if (findings.Count == 0)
        {
            return NoFindings;
        }

        var selected = new List<DocumentFinding>();
        foreach (var finding in findings)
        {
            if (finding.Severity == severity)
            {
                selected.Add(finding);
            }
        }

        return selected;
    }
}
