using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Catalog;
using RealNameApi.Diagnosis.Localization;

namespace RealNameApi.Diagnosis.Tests.Catalog;

/// <summary>The shipped catalog says what the sources say.</summary>
public sealed class EmbeddedCatalogTests
{
    private static readonly FailureCatalog Catalog = CatalogLoader.LoadEmbedded();

    private static RuleDefinition Rule(string id) => Catalog.TryGetRule(id, out var rule) ? rule : throw new KeyNotFoundException(id);

    private static PlatformDefinition Platform(string id) => Catalog.TryGetPlatform(id, out var p) ? p : throw new KeyNotFoundException(id);

    [Fact]
    public void Loads_both_platforms_with_every_section_of_their_sources()
    {
        Assert.Equal(["aliyun-domain", "dayu"], Catalog.Platforms.Select(p => p.Id));
        var dayu = Platform("dayu");
        Assert.Equal(18, dayu.Rules.Count);
        Assert.Equal(
            Enumerable.Range(1, 18).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(),
            dayu.Rules.Select(r => r.Source.Section).Order());
        Assert.All(dayu.Rules, r => Assert.Equal("000_45e3d2e653cfc1e4", r.Source.Document));
        var aliyun = Platform("aliyun-domain");
        Assert.Equal(21, aliyun.Rules.Count);
        Assert.Equal(21, aliyun.Rules.Select(r => r.Source.Section).Distinct().Count());
        Assert.All(aliyun.Rules, r => Assert.Equal("001_10d127c5bf27e284", r.Source.Document));
    }

    [Fact]
    public void Every_text_exists_in_both_locales()
    {
        foreach (var rule in Catalog.Rules.Concat(Catalog.Platforms.Select(p => p.Unknown)))
        {
            var texts = new List<LocalizedText> { rule.Title, rule.Summary };
            texts.AddRange(rule.Steps.SelectMany(s => s.Details.Prepend(s.Text)));
            if (rule.Escalation is { } e)
            {
                texts.AddRange(e.RequiredMaterials.Concat(e.Notes));
                texts.AddRange(e.Channels.SelectMany(c => c.RequiredMaterials.Append(c.Name)));
            }

            Assert.All(texts, t => Assert.True(t.ZhCN.Length > 0 && t.En.Length > 0, $"{rule.Id}: '{t.ZhCN}' / '{t.En}'"));
        }
    }

    [Theory]
    [InlineData("dayu.subject-barred", Outcome.Final, Category.SubjectBarred, RetryBasis.NotRetryable)]
    [InlineData("dayu.id-number-account-limit", Outcome.ChangeDocumentOrSubject, Category.AccountLimit, RetryBasis.Immediate)]
    [InlineData("dayu.onboarding-limit-exceeded", Outcome.ChangeDocumentOrSubject, Category.AccountLimit, RetryBasis.Immediate)]
    [InlineData("dayu.info-differs-from-account-subject", Outcome.Appeal, Category.IdentityMismatch, RetryBasis.NotRetryable)]
    [InlineData("dayu.face-mismatch-police-photo", Outcome.FixAndRetry, Category.FaceMismatch, RetryBasis.Immediate)]
    [InlineData("dayu.unknown-client", Outcome.FixAndRetry, Category.ClientApp, RetryBasis.Immediate)]
    [InlineData("aliyun-domain.national-defence-organization", Outcome.ChangeDocumentOrSubject, Category.SpecialSubject, RetryBasis.NotRetryable)]
    [InlineData("aliyun-domain.sensitive-domain-name", Outcome.Final, Category.DomainName, RetryBasis.NotRetryable)]
    [InlineData("aliyun-domain.new-document-not-in-registry", Outcome.WaitThenRetry, Category.DataSync, RetryBasis.NaturalDays)]
    [InlineData("aliyun-domain.identity-validity-check-failed", Outcome.WaitThenRetry, Category.DataSync, RetryBasis.WorkingDays)]
    [InlineData("aliyun-domain.registrant-contact-parameter-error", Outcome.FixAndRetry, Category.ContactInfo, RetryBasis.Immediate)]
    public void Outcomes_follow_the_sources(string id, Outcome outcome, Category category, RetryBasis basis)
    {
        var rule = Rule(id);

        Assert.Equal((outcome, category, basis), (rule.Outcome, rule.Category, rule.Retry.Basis));
    }

    [Fact]
    public void Waits_are_the_sources_numbers()
    {
        Assert.Equal(new RetryRule(RetryBasis.NaturalDays, 10, 10, RetryAnchor.IssueDate), Rule("aliyun-domain.new-document-not-in-registry").Retry);
        Assert.Equal(new RetryRule(RetryBasis.WorkingDays, 1, 3, RetryAnchor.OccurredAt), Rule("aliyun-domain.identity-validity-check-failed").Retry);
    }

    [Fact]
    public void Dayu_prompts_one_to_ten_are_distinct_rules_sharing_guidance_and_appeal()
    {
        var rules = Platform("dayu").Rules.Where(r => int.Parse(r.Source.Section, System.Globalization.CultureInfo.InvariantCulture) <= 10).ToList();

        Assert.Equal(10, rules.Count);
        Assert.Equal(10, rules.Select(r => r.Title.ZhCN).Distinct().Count());
        Assert.All(rules, r => Assert.Equal(rules[0].Steps.Select(s => s.Text), r.Steps.Select(s => s.Text)));
        Assert.All(rules, r => Assert.Equal(rules[0].Escalation!.RequiredMaterials, r.Escalation!.RequiredMaterials));
        Assert.All(rules, r => Assert.Equal(rules[0].Escalation!.Channels.Select(c => c.Kind), r.Escalation!.Channels.Select(c => c.Kind)));
        Assert.True(rules.Select(r => r.Category).Distinct().Count() >= 4);
    }

    [Fact]
    public void Dayu_appeal_lists_four_materials_and_thirteen_for_email_without_an_address()
    {
        var escalation = Rule("dayu.face-mismatch-police-photo").Escalation!;

        Assert.Equal(4, escalation.RequiredMaterials.Count);
        Assert.Contains("非录屏", escalation.RequiredMaterials[0].ZhCN.Replace("不能是录屏", "非录屏", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(
            [EscalationChannelKind.OnlineFeedback, EscalationChannelKind.CustomerService, EscalationChannelKind.Email],
            escalation.Channels.Select(c => c.Kind));
        var email = escalation.Channels[2];
        Assert.Equal("个人实名认证失败材料-大鱼号名称", email.SubjectTemplate);
        Assert.Equal("", email.Address);
        Assert.Equal(13, email.RequiredMaterials.Count);
        Assert.NotEmpty(escalation.Notes);
    }

    [Fact]
    public void Dayu_allows_one_personal_account_per_id_number()
    {
        var limit = Assert.Single(Platform("dayu").AccountLimits);

        Assert.Equal(("dayu-personal-accounts-per-id", SubjectType.Person, 1), (limit.Id, limit.SubjectType, limit.MaxAccounts));
        Assert.Equal(2, limit.Options.Count);
        Assert.Equal(limit.Id, Rule("dayu.id-number-account-limit").AccountLimitId);
        Assert.Equal(limit.Id, Rule("dayu.onboarding-limit-exceeded").AccountLimitId);
    }

    [Fact]
    public void Aliyun_upload_limits_differ_by_channel()
    {
        var limits = Platform("aliyun-domain").UploadLimits;

        var console = Assert.Single(limits, l => l.Channel == UploadChannel.Console);
        Assert.Equal((55 * 1024, 5 * 1024 * 1024, true), (console.MinBytes, console.MaxBytes, console.ColorRequired));
        Assert.Equal([ImageFormat.Jpeg, ImageFormat.Png, ImageFormat.Bmp, ImageFormat.Heic, ImageFormat.Webp], console.Formats);
        var api = Assert.Single(limits, l => l.Channel == UploadChannel.Api);
        Assert.Equal((55 * 1024, 1024 * 1024), (api.MinBytes, api.MaxBytes));
        Assert.Equal([ImageFormat.Jpeg, ImageFormat.Bmp], api.Formats);
    }

    [Fact]
    public void The_sensitive_word_rule_holds_all_five_messages()
    {
        Assert.Equal(5, Rule("aliyun-domain.sensitive-domain-name").KnownMessages.Count);
    }

    [Fact]
    public void The_defence_organisation_outcome_is_justified_in_the_data()
    {
        // The rationale is data for reviewers; it is in the files, not in the model.
        using var stream = typeof(CatalogLoader).Assembly.GetManifestResourceStream("catalog/aliyun-domain.yaml")!;
        using var reader = new StreamReader(stream);
        var yaml = reader.ReadToEnd();
        var defence = yaml[yaml.IndexOf("id: aliyun-domain.national-defence-organization", StringComparison.Ordinal)..];

        Assert.Contains("outcome_rationale:", defence[..defence.IndexOf("known_messages", StringComparison.Ordinal)], StringComparison.Ordinal);
    }
}
