using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Localization;
using RealNameApi.Diagnosis.Validation;
using static RealNameApi.Diagnosis.Tests.Engine.EngineFixture;

namespace RealNameApi.Diagnosis.Tests.Engine;

/// <summary>ListFailureRules and GetPlatformPolicy.</summary>
public sealed class CatalogQueryTests
{
    private static ListFailureRulesResponse List(ListFailureRulesRequest request, Locale locale = Locale.ZhCN)
    {
        var result = Service.ListFailureRules(request, locale);
        Assert.True(result.IsOk, result.Error?.ToString());
        return result.Value;
    }

    [Fact]
    public void Paging_with_tokens_visits_every_rule_once_in_order()
    {
        var seen = new List<FailureRule>();
        var token = "";
        var pages = 0;
        do
        {
            var page = List(new ListFailureRulesRequest { PageSize = 10, PageToken = token });
            Assert.Equal(39, page.TotalSize);
            Assert.InRange(page.Rules.Count, 1, 10);
            seen.AddRange(page.Rules);
            token = page.NextPageToken;
            pages++;
        }
        while (token.Length > 0);

        Assert.Equal(4, pages);
        Assert.Equal(39, seen.Select(r => r.RuleId).Distinct().Count());
        Assert.Equal(seen.OrderBy(r => r.Platform, StringComparer.Ordinal).ThenBy(r => r.RuleId, StringComparer.Ordinal).Select(r => r.RuleId), seen.Select(r => r.RuleId));
    }

    [Fact]
    public void The_default_page_holds_fifty_and_large_sizes_are_lowered()
    {
        Assert.Equal(39, List(new ListFailureRulesRequest()).Rules.Count);
        Assert.Equal(39, List(new ListFailureRulesRequest { PageSize = 5000 }).Rules.Count);
        Assert.Equal("", List(new ListFailureRulesRequest()).NextPageToken);
    }

    [Fact]
    public void Filters_by_platform_and_category()
    {
        var dayu = List(new ListFailureRulesRequest { Platform = "dayu" });
        Assert.Equal(18, dayu.TotalSize);
        Assert.All(dayu.Rules, r => Assert.Equal("dayu", r.Platform));

        var limits = List(new ListFailureRulesRequest { Category = Category.AccountLimit });
        Assert.Equal(["dayu.id-number-account-limit", "dayu.onboarding-limit-exceeded"], limits.Rules.Select(r => r.RuleId));

        var upload = List(new ListFailureRulesRequest { Platform = "aliyun-domain", Category = Category.Upload });
        Assert.Equal(4, upload.TotalSize);
    }

    [Fact]
    public void A_listed_rule_carries_its_known_messages_verbatim_and_a_localised_title()
    {
        var zh = List(new ListFailureRulesRequest { Platform = "aliyun-domain", PageSize = 100 }).Rules.Single(r => r.RuleId == "aliyun-domain.sensitive-domain-name");
        var en = List(new ListFailureRulesRequest { Platform = "aliyun-domain", PageSize = 100 }, Locale.En).Rules.Single(r => r.RuleId == "aliyun-domain.sensitive-domain-name");

        Assert.Equal(5, zh.KnownMessages.Count);
        Assert.Equal(zh.KnownMessages, en.KnownMessages);
        Assert.Equal("当前词为禁止词", zh.KnownMessages[4]);
        Assert.Equal("The domain name contains a sensitive word", en.Title);
        Assert.Equal((Outcome.Final, "域名名称含有敏感词"), (zh.Outcome, zh.Source.Section));
    }

    [Theory]
    [InlineData("not a token")]
    [InlineData("AAAAAAAAAAAAAAAAAAA")]
    [InlineData("%%%")]
    public void A_token_this_service_did_not_issue_is_rejected(string token)
    {
        var result = Service.ListFailureRules(new ListFailureRulesRequest { PageToken = token }, Locale.ZhCN);

        Assert.False(result.IsOk);
        Assert.Equal(RequestErrorKind.InvalidArgument, result.Error.Kind);
        Assert.Equal("page_token", Assert.Single(result.Error.Violations).Field);
        Assert.DoesNotContain(token, result.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_is_tied_to_the_filters_it_was_issued_for()
    {
        var token = List(new ListFailureRulesRequest { Platform = "dayu", PageSize = 5 }).NextPageToken;

        Assert.True(Service.ListFailureRules(new ListFailureRulesRequest { Platform = "dayu", PageSize = 7, PageToken = token }, Locale.ZhCN).IsOk);
        Assert.False(Service.ListFailureRules(new ListFailureRulesRequest { Platform = "aliyun-domain", PageToken = token }, Locale.ZhCN).IsOk);
        Assert.False(Service.ListFailureRules(new ListFailureRulesRequest { Platform = "dayu", Category = Category.ClientApp, PageToken = token }, Locale.ZhCN).IsOk);
    }

    [Fact]
    public void The_dayu_policy_has_its_account_limit_and_appeal()
    {
        var result = Service.GetPlatformPolicy(new GetPlatformPolicyRequest { Platform = "dayu" }, Locale.En);

        Assert.True(result.IsOk);
        var policy = result.Value;
        Assert.Equal(("dayu", 18, Service.CatalogVersion), (policy.Platform, policy.RuleCount, policy.CatalogVersion));
        Assert.Equal("Dayu (UC) personal account", policy.DisplayName);
        var limit = Assert.Single(policy.AccountLimits);
        Assert.Equal((1, AccountLimitState.NotEvaluated), (limit.MaxAccounts, limit.State));
        Assert.Empty(policy.UploadLimits);
        Assert.Equal(3, policy.Escalation.Channels.Count);
        Assert.Equal(13, policy.Escalation.Channels[2].RequiredMaterials.Count);
    }

    [Fact]
    public void The_aliyun_policy_has_upload_limits_per_channel_and_a_review_time()
    {
        var policy = Service.GetPlatformPolicy(new GetPlatformPolicyRequest { Platform = "aliyun-domain" }, Locale.ZhCN).Value!;

        Assert.Equal(2, policy.UploadLimits.Count);
        Assert.Contains("1 个工作日", policy.ReviewTime, StringComparison.Ordinal);
        Assert.Empty(policy.AccountLimits);
        Assert.Equal(21, policy.RuleCount);
    }

    [Fact]
    public void An_unknown_platform_policy_is_not_found()
    {
        Assert.Equal(RequestErrorKind.NotFound, Service.GetPlatformPolicy(new GetPlatformPolicyRequest { Platform = "douyin" }, Locale.ZhCN).Error?.Kind);
        Assert.Equal(RequestErrorKind.InvalidArgument, Service.GetPlatformPolicy(new GetPlatformPolicyRequest(), Locale.ZhCN).Error?.Kind);
    }
}
