using System.Text.RegularExpressions;
using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Localization;
using RealNameApi.Diagnosis.Matching;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace RealNameApi.Diagnosis.Catalog;

/// <summary>
/// Reads one platform file: parses the YAML, checks every field and turns it into a
/// <see cref="PlatformDefinition"/>. Every fault is collected, naming the file, the rule and the
/// field, so one start-up shows everything that needs fixing.
/// </summary>
internal sealed partial class CatalogFileReader
{
    private const double DefaultPatternWeight = 0.8;
    private const int MaxRetryDays = 365;

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    private readonly string _file;
    private readonly List<CatalogError> _errors;
    private string? _rule;

    private CatalogFileReader(string file, List<CatalogError> errors)
    {
        _file = file;
        _errors = errors;
    }

    /// <summary>
    /// Reads <paramref name="yaml"/> from <paramref name="file"/>. Returns null when it has faults,
    /// which are added to <paramref name="errors"/>. <paramref name="parsed"/> is the parsed file,
    /// for the catalog version.
    /// </summary>
    public static PlatformDefinition? Read(string file, string yaml, List<CatalogError> errors, out object? parsed)
    {
        var reader = new CatalogFileReader(file, errors);
        var before = errors.Count;
        PlatformFileYaml? document;
        try
        {
            document = Deserializer.Deserialize<PlatformFileYaml?>(yaml);
        }
        catch (YamlException e)
        {
            var inner = e;
            while (inner.InnerException is YamlException deeper)
            {
                inner = deeper;
            }

            var detail = (inner.InnerException ?? inner).Message;
            errors.Add(new CatalogError(file, RuleAtLine(yaml, e.Start.Line), $"(line {e.Start.Line}, column {e.Start.Column})", detail));
            parsed = null;
            return null;
        }

        parsed = document;
        if (document is null)
        {
            reader.Error("(file)", "is empty");
            return null;
        }

        var platform = reader.ReadPlatform(document, Path.GetFileNameWithoutExtension(file));
        return errors.Count == before ? platform : null;
    }

    private PlatformDefinition? ReadPlatform(PlatformFileYaml document, string expectedId)
    {
        var p = document.Platform;
        if (p is null)
        {
            Error("platform", "is required");
            return null;
        }

        var id = p.Id ?? "";
        if (string.IsNullOrEmpty(p.Id))
        {
            Error("platform.id", "is required");
        }
        else if (!PlatformIdPattern().IsMatch(id))
        {
            Error("platform.id", "must be lower-case letters, digits and single dashes");
        }
        else if (id != expectedId)
        {
            Error("platform.id", $"must equal the file name without .yaml ('{expectedId}')");
        }

        var displayName = Text(p.DisplayName, "platform.display_name", required: true);
        var method = Text(p.VerificationMethod, "platform.verification_method", required: true);
        var reviewTime = Text(p.ReviewTime, "platform.review_time", required: false);
        var source = Required(p.SourceDocument, "platform.source_document");
        var threshold = p.MatchThreshold ?? double.NaN;
        if (p.MatchThreshold is null)
        {
            Error("platform.match_threshold", "is required");
        }
        else if (threshold is <= 0 or >= 1)
        {
            Error("platform.match_threshold", "must be between 0 and 1, exclusive");
        }

        var defaultSubject = SubjectType.Unspecified;
        if (p.DefaultSubjectType is not null)
        {
            defaultSubject = Enum<SubjectType>(p.DefaultSubjectType, "platform.default_subject_type");
        }

        var limits = ReadAccountLimits(p.AccountLimits);
        var uploads = ReadUploadLimits(p.UploadLimits);
        var escalation = p.Escalation is null ? null : ReadEscalation(p.Escalation, "platform.escalation");
        var unknown = ReadUnknown(p.Unknown, id, source, escalation);
        var vocabulary = ReadVocabulary(p.Vocabulary);
        var otherServices = ReadNames(p.OtherServices, "other_services");
        var otherProducts = ReadNames(p.OtherProducts, "other_products");
        var findingOwners = new Dictionary<FindingCode, string>();

        var rules = new List<RuleDefinition>();
        var ruleIds = new HashSet<string>(StringComparer.Ordinal);
        var knownMessages = new Dictionary<string, string>(StringComparer.Ordinal);
        var codes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (document.Rules is not { Count: > 0 })
        {
            Error("rules", "must hold at least one rule");
        }
        else
        {
            for (var i = 0; i < document.Rules.Count; i++)
            {
                var rule = ReadRule(document.Rules[i], i, id, source, limits, ruleIds, knownMessages, codes, findingOwners);
                if (rule is not null)
                {
                    rules.Add(rule);
                }
            }
        }

        _rule = null;
        rules.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return new PlatformDefinition(id, displayName, method, reviewTime, source, threshold, defaultSubject, limits, uploads, escalation, unknown, rules)
        {
            Vocabulary = vocabulary,
            OtherServices = otherServices,
            OtherProducts = otherProducts,
        };
    }

    private RuleDefinition? ReadRule(
        RuleYaml? r,
        int index,
        string platform,
        string source,
        IReadOnlyList<AccountLimitDefinition> limits,
        HashSet<string> ruleIds,
        Dictionary<string, string> knownMessages,
        Dictionary<string, string> codes,
        Dictionary<FindingCode, string> findingOwners)
    {
        _rule = string.IsNullOrEmpty(r?.Id) ? $"rules[{index}]" : r.Id;
        if (r is null)
        {
            Error("(rule)", "is empty");
            return null;
        }

        var id = r.Id ?? "";
        if (string.IsNullOrEmpty(r.Id))
        {
            Error("id", "is required");
        }
        else if (!id.StartsWith(platform + ".", StringComparison.Ordinal) || !SlugPattern().IsMatch(id[(platform.Length + 1)..]))
        {
            Error("id", $"must be '{platform}.' followed by lower-case letters, digits and single dashes");
        }
        else if (id == platform + ".unknown")
        {
            Error("id", "is reserved for the unknown diagnosis");
        }
        else if (!ruleIds.Add(id))
        {
            Error("id", "duplicates another rule's id in this file");
        }

        var section = Required(r.Section, "section");
        var category = Enum<Category>(r.Category, "category");
        var outcome = Enum<Outcome>(r.Outcome, "outcome");
        if (outcome == Outcome.Unknown)
        {
            Error("outcome", "UNKNOWN is reserved for messages no rule matches");
        }

        var known = new List<string>();
        if (r.KnownMessages is not { Count: > 0 })
        {
            Error("known_messages", "must hold at least one message");
        }
        else
        {
            for (var i = 0; i < r.KnownMessages.Count; i++)
            {
                var message = r.KnownMessages[i];
                var field = $"known_messages[{i}]";
                if (string.IsNullOrWhiteSpace(message))
                {
                    Error(field, "is empty");
                    continue;
                }

                var normal = TextNormalizer.Normalize(message);
                if (normal.Length < 2)
                {
                    Error(field, "has fewer than two letters or digits to match on");
                }
                else if (knownMessages.TryGetValue(normal, out var owner))
                {
                    Error(field, $"reads the same as a known message of rule {owner} once normalised");
                }
                else
                {
                    knownMessages[normal] = _rule;
                }

                known.Add(message);
            }
        }

        var ruleCodes = new List<string>();
        for (var i = 0; i < (r.Codes?.Count ?? 0); i++)
        {
            var code = r.Codes![i]?.Trim();
            var field = $"codes[{i}]";
            if (string.IsNullOrEmpty(code) || code.Length > 64)
            {
                Error(field, "must be 1 to 64 characters");
            }
            else if (codes.TryGetValue(code, out var owner))
            {
                Error(field, $"is already a code of rule {owner}");
            }
            else
            {
                codes[code] = _rule;
                ruleCodes.Add(code);
            }
        }

        var patterns = ReadPatterns(r.Patterns);
        var title = Text(r.Title, "title", required: true);
        var summary = Text(r.Summary, "summary", required: true);
        var steps = ReadSteps(r.Steps, "steps");
        var retry = ReadRetry(r.Retry, outcome);

        string? limitId = null;
        if (r.AccountLimit is not null)
        {
            if (limits.Any(l => l.Id == r.AccountLimit))
            {
                limitId = r.AccountLimit;
            }
            else
            {
                Error("account_limit", "names no account limit of the platform");
            }
        }

        var escalation = r.Escalation is null ? null : ReadEscalation(r.Escalation, "escalation");
        if (escalation is null && outcome == Outcome.Appeal)
        {
            Error("escalation", "is required when the outcome is APPEAL");
        }

        return new RuleDefinition(id, platform, category, outcome, known, ruleCodes, patterns, title, summary, steps, retry, limitId, escalation, new SourceReference { Document = source, Section = section })
        {
            Paraphrases = ReadPhrases(r.Paraphrases, "paraphrases"),
            EnglishMessages = ReadPhrases(r.KnownMessagesEn, "known_messages_en"),
            EnglishParaphrases = ReadPhrases(r.ParaphrasesEn, "paraphrases_en"),
            ExplainsFindings = ReadFindingCodes(r.ExplainsFindings, platform, findingOwners),
        };
    }

    private RuleDefinition ReadUnknown(UnknownYaml? u, string platform, string source, EscalationDefinition? escalation)
    {
        if (u is null)
        {
            Error("platform.unknown", "is required: the safe guidance for messages no rule matches");
            u = new UnknownYaml();
        }

        var title = Text(u.Title, "platform.unknown.title", required: true);
        var summary = Text(u.Summary, "platform.unknown.summary", required: true);
        var steps = ReadSteps(u.Steps, "platform.unknown.steps");
        return new RuleDefinition(
            platform + ".unknown", platform, Category.Other, Outcome.Unknown, [], [], [], title, summary, steps,
            new RetryRule(RetryBasis.Immediate, 0, 0, RetryAnchor.OccurredAt), null, escalation,
            new SourceReference { Document = source });
    }

    // The id of the rule whose entry holds `line`, so a parse error still names its rule.
    private static string? RuleAtLine(string yaml, long line)
    {
        string? rule = null;
        var number = 0;
        foreach (var text in yaml.AsSpan().EnumerateLines())
        {
            if (++number > line)
            {
                break;
            }

            var match = RuleIdLine().Match(text.ToString());
            if (match.Success)
            {
                rule = match.Groups[1].Value;
            }
        }

        return rule;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex PlatformIdPattern();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex(@"^\s*-\s+id:\s*['""]?([a-z0-9-]+\.[a-z0-9.-]+)")]
    private static partial Regex RuleIdLine();
}
