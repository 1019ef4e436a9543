using Google.Protobuf;
using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Localization;
using static RealNameApi.Diagnosis.Tests.Engine.EngineFixture;

namespace RealNameApi.Diagnosis.Tests.Engine;

public sealed class DiagnoseTests
{
    private static readonly DateOnly Today = Day("2026-09-30");

    private static Contracts.V1.Diagnosis Diagnose(DiagnoseRequest request, Locale locale = Locale.ZhCN, DateOnly? today = null)
    {
        var result = Service.Diagnose(request, locale, today ?? Today);
        Assert.True(result.IsOk, result.Error?.ToString());
        return result.Value;
    }

    [Fact]
    public void A_known_prompt_gives_its_rule_with_steps_source_and_catalog_version()
    {
        var d = Diagnose(new DiagnoseRequest { Platform = "dayu", Message = "人脸与公安网照片不一致,请确保是账户本人操作" });

        Assert.Equal("dayu.face-mismatch-police-photo", d.RuleId);
        Assert.Equal(("dayu", Category.FaceMismatch, Outcome.FixAndRetry, MatchKind.Exact, 1.0), (d.Platform, d.Category, d.Outcome, d.MatchKind, d.Confidence));
        Assert.Equal("zh-CN", d.Locale);
        Assert.Equal("人脸与公安网照片不一致", d.Title);
        Assert.Equal(4, d.Steps.Count);
        Assert.Equal(4, d.Escalation.RequiredMaterials.Count);
        Assert.Equal(("000_45e3d2e653cfc1e4", "2"), (d.Source.Document, d.Source.Section));
        Assert.Equal(Service.CatalogVersion, d.CatalogVersion);
        Assert.Equal(RetryBasis.Immediate, d.Retry.Basis);
        Assert.Empty(d.Findings);
    }

    [Fact]
    public void The_paraphrase_from_the_brief_finds_the_face_versus_police_photo_rule()
    {
        var d = Diagnose(new DiagnoseRequest { Platform = "dayu", Message = "刷脸时提示人脸和公安网照片不一致" });

        Assert.Equal("dayu.face-mismatch-police-photo", d.RuleId);
        Assert.Equal(MatchKind.Contains, d.MatchKind);
        Assert.InRange(d.Confidence, 0.65, 0.99);
    }

    [Fact]
    public void English_is_given_on_request()
    {
        var d = Diagnose(new DiagnoseRequest { Platform = "aliyun-domain", Message = "注册者证件不合格" }, Locale.En);

        Assert.Equal("en", d.Locale);
        Assert.Equal("Document not acceptable", d.Title);
        Assert.StartsWith("Submit a colour scan", d.Steps[0].Text, StringComparison.Ordinal);
        Assert.Equal("Black-and-white scans and photocopies are not accepted.", Assert.Single(d.Steps[0].Details));
        Assert.Equal("Alibaba Cloud support ticket", d.Escalation.Channels[0].Name);
        Assert.All(d.Alternatives, a => Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", a.Title));
    }

    [Fact]
    public void Alternatives_list_the_near_neighbours_best_first()
    {
        var d = Diagnose(new DiagnoseRequest { Platform = "aliyun-domain", Message = "注册联系人信息有误,请检测:XML schema validation failed" });

        Assert.Equal("aliyun-domain.registrant-contact-parameter-error", d.RuleId);
        var alternative = d.Alternatives[0];
        Assert.Equal("aliyun-domain.registrant-contact-wrong", alternative.RuleId);
        Assert.Equal("注册联系人信息有误", alternative.Title);
        Assert.Equal(Outcome.FixAndRetry, alternative.Outcome);
        Assert.True(alternative.Confidence < d.Confidence);
        Assert.True(d.Alternatives.Zip(d.Alternatives.Skip(1)).All(p => p.First.Confidence >= p.Second.Confidence));
    }

    [Fact]
    public void An_unknown_message_gets_the_generic_guidance_never_a_guess()
    {
        var d = Diagnose(new DiagnoseRequest { Platform = "dayu", Message = "认证失败" });

        Assert.Equal("dayu.unknown", d.RuleId);
        Assert.Equal((Outcome.Unknown, Category.Other, MatchKind.None), (d.Outcome, d.Category, d.MatchKind));
        Assert.True(d.Confidence < 0.65);
        Assert.NotEmpty(d.Steps);
        Assert.NotEmpty(d.Escalation.Channels);
        Assert.NotEmpty(d.Alternatives);
        Assert.Equal("000_45e3d2e653cfc1e4", d.Source.Document);
    }

    [Fact]
    public void A_code_the_catalog_does_not_know_without_a_message_is_unknown()
    {
        var d = Diagnose(new DiagnoseRequest { Platform = "aliyun-domain", Code = "NONAUDIT" });

        Assert.Equal(("aliyun-domain.unknown", Outcome.Unknown, MatchKind.None, 0.0), (d.RuleId, d.Outcome, d.MatchKind, d.Confidence));
        Assert.Empty(d.Alternatives);
    }

    [Fact]
    public void A_very_long_message_is_diagnosed_within_its_limit()
    {
        var message = string.Concat(Enumerable.Repeat("今天的会议改到下午三点。", 400))[..4000] + "国防机构";

        var d = Diagnose(new DiagnoseRequest { Platform = "aliyun-domain", Message = message });

        Assert.Equal("aliyun-domain.national-defence-organization", d.RuleId);
    }

    [Fact]
    public void A_data_delay_on_the_eve_of_the_national_day_holiday_opens_after_it()
    {
        var d = Diagnose(new DiagnoseRequest
        {
            Platform = "aliyun-domain",
            Message = "注册者身份有效性验证失败",
            OccurredAt = Shanghai("2026-09-30T16:20"),
        });

        Assert.Equal(Outcome.WaitThenRetry, d.Outcome);
        Assert.Equal((RetryBasis.WorkingDays, 1, 3, RetryAnchor.OccurredAt), (d.Retry.Basis, d.Retry.MinDays, d.Retry.MaxDays, d.Retry.Anchor));
        var earliest = ToShanghai(d.Retry.Earliest);
        var latest = ToShanghai(d.Retry.Latest);
        Assert.True(earliest >= new DateTimeOffset(2026, 10, 8, 0, 0, 0, TimeSpan.FromHours(8)), $"earliest {earliest}");
        Assert.True(latest <= new DateTimeOffset(2026, 10, 10, 0, 0, 0, TimeSpan.FromHours(8)), $"latest {latest}");
        // 10-01..10-07 are off; 10-08 and 10-09 are working days and 10-10 (a Saturday) is a make-up day.
        Assert.Equal(new DateOnly(2026, 10, 8), DateOnly.FromDateTime(earliest.DateTime));
        Assert.Equal(new DateOnly(2026, 10, 10), DateOnly.FromDateTime(latest.DateTime));
        Assert.False(d.Retry.CalendarEstimated);
    }

    [Fact]
    public void A_wait_into_a_year_without_a_notice_says_the_calendar_is_estimated()
    {
        var d = Diagnose(
            new DiagnoseRequest { Platform = "aliyun-domain", Message = "注册者身份有效性验证失败", OccurredAt = Shanghai("2027-03-01T09:00") },
            today: Day("2027-03-01"));

        Assert.True(d.Retry.CalendarEstimated);
    }

    [Fact]
    public void Without_occurred_at_the_window_counts_from_today()
    {
        var d = Diagnose(new DiagnoseRequest { Platform = "aliyun-domain", Message = "注册者身份有效性验证失败" });

        Assert.Equal(new DateOnly(2026, 10, 8), DateOnly.FromDateTime(ToShanghai(d.Retry.Earliest).DateTime));
    }

    [Fact]
    public void A_new_document_failure_counts_ten_natural_days_from_the_issue_date()
    {
        var d = Diagnose(new DiagnoseRequest
        {
            Platform = "aliyun-domain",
            Message = "注册者身份证明资料为新颁发证件",
            Document = new Document { Type = DocumentType.ResidentIdCard, IssueDate = Date(2026, 9, 25) },
        });

        Assert.Equal(Outcome.WaitThenRetry, d.Outcome);
        Assert.Equal((RetryBasis.NaturalDays, RetryAnchor.IssueDate), (d.Retry.Basis, d.Retry.Anchor));
        Assert.Equal(new DateOnly(2026, 10, 5), DateOnly.FromDateTime(ToShanghai(d.Retry.Earliest).DateTime));
        Assert.Contains(d.Findings, f => f.Code == FindingCode.NewlyIssued);
    }

    [Fact]
    public void A_new_document_failure_without_an_issue_date_counts_from_the_failure()
    {
        var d = Diagnose(new DiagnoseRequest { Platform = "aliyun-domain", Message = "不在实名库中", OccurredAt = Shanghai("2026-09-20T12:00") });

        Assert.Equal((RetryBasis.NaturalDays, RetryAnchor.OccurredAt), (d.Retry.Basis, d.Retry.Anchor));
        Assert.Equal(new DateOnly(2026, 9, 30), DateOnly.FromDateTime(ToShanghai(d.Retry.Earliest).DateTime));
    }

    [Fact]
    public void A_newly_issued_document_turns_a_fix_now_failure_into_a_wait()
    {
        var d = Diagnose(new DiagnoseRequest
        {
            Platform = "aliyun-domain",
            Message = "证件电子信息核验不合格",
            Document = new Document { Type = DocumentType.ResidentIdCard, IssueDate = Date(2026, 9, 28) },
        });

        Assert.Equal("aliyun-domain.electronic-info-check-failed", d.RuleId);
        Assert.Equal(Outcome.WaitThenRetry, d.Outcome);
        Assert.Equal((RetryBasis.NaturalDays, 10, RetryAnchor.IssueDate), (d.Retry.Basis, d.Retry.MinDays, d.Retry.Anchor));
        Assert.Equal(new DateOnly(2026, 10, 8), DateOnly.FromDateTime(ToShanghai(d.Retry.Earliest).DateTime));
    }

    [Fact]
    public void A_document_issued_long_ago_leaves_the_rule_as_it_is()
    {
        var d = Diagnose(new DiagnoseRequest
        {
            Platform = "aliyun-domain",
            Message = "证件电子信息核验不合格",
            Document = new Document { Type = DocumentType.ResidentIdCard, IssueDate = Date(2020, 1, 1), LongTerm = true },
        });

        Assert.Equal(Outcome.FixAndRetry, d.Outcome);
        Assert.Equal(RetryBasis.Immediate, d.Retry.Basis);
    }

    [Fact]
    public void A_final_outcome_is_not_made_retryable_by_a_document()
    {
        var d = Diagnose(new DiagnoseRequest
        {
            Platform = "dayu",
            Message = "根据平台违规管理规则,您的认证主体【王五】,不可作为大鱼号的有效主体",
            Document = new Document { Type = DocumentType.ResidentIdCard, IssueDate = Date(2026, 9, 28) },
        });

        Assert.Equal((Outcome.Final, RetryBasis.NotRetryable), (d.Outcome, d.Retry.Basis));
        Assert.Null(d.Retry.Earliest);
    }

    [Theory]
    [InlineData(0, AccountLimitState.Within)]
    [InlineData(1, AccountLimitState.Reached)]
    [InlineData(3, AccountLimitState.Reached)]
    public void The_dayu_account_limit_is_evaluated_against_the_accounts_held(int held, AccountLimitState state)
    {
        var d = Diagnose(new DiagnoseRequest
        {
            Platform = "dayu",
            Message = "此主体证件号最多可关联1个人个人类型大鱼号,请更换其他有效主体重新认证",
            Subject = new Subject { Type = SubjectType.Person, AccountsHeld = held },
        });

        Assert.Equal(Outcome.ChangeDocumentOrSubject, d.Outcome);
        Assert.Equal(("dayu-personal-accounts-per-id", 1, held, state), (d.AccountLimit.LimitId, d.AccountLimit.MaxAccounts, d.AccountLimit.AccountsHeld, state));
        Assert.Equal(state, d.AccountLimit.State);
        Assert.Equal(2, d.AccountLimit.Options.Count);
        Assert.NotEmpty(d.AccountLimit.Basis);
    }

    [Fact]
    public void The_account_limit_is_reported_unevaluated_without_a_count()
    {
        var d = Diagnose(new DiagnoseRequest { Platform = "dayu", Message = "未知客户端" });

        Assert.Equal(AccountLimitState.NotEvaluated, d.AccountLimit.State);
        Assert.False(d.AccountLimit.HasAccountsHeld);
        Assert.Equal(SubjectType.Person, d.AccountLimit.SubjectType);
    }

    [Fact]
    public void No_account_limit_applies_where_the_platform_has_none()
    {
        Assert.Null(Diagnose(new DiagnoseRequest { Platform = "aliyun-domain", Message = "国防机构", Subject = new Subject { AccountsHeld = 5 } }).AccountLimit);
        Assert.Null(Diagnose(new DiagnoseRequest { Platform = "dayu", Message = "未知客户端", Subject = new Subject { Type = SubjectType.Organization } }).AccountLimit);
    }

    [Fact]
    public void Document_findings_are_folded_in_and_localised()
    {
        var request = new DiagnoseRequest
        {
            Platform = "aliyun-domain",
            Message = "上传的文件格式不支持",
            Document = new Document
            {
                Type = DocumentType.ResidentIdCard,
                Number = "110105194912310021",
                Files = { new DocumentFile { FileName = "id.png", SizeBytes = 10 * 1024, Channel = UploadChannel.Console } },
            },
        };

        var zh = Diagnose(request);
        var en = Diagnose(request, Locale.En);

        Assert.Contains(zh.Findings, f => f.Code == FindingCode.NumberChecksum || f.Code == FindingCode.NumberLikelyTypo);
        Assert.Contains(zh.Findings, f => f.Code == FindingCode.FileTooSmall);
        Assert.Equal(zh.Findings.Select(f => f.Code), en.Findings.Select(f => f.Code));
        Assert.NotEqual(zh.Findings[0].Message, en.Findings[0].Message);
    }

    [Fact]
    public void A_document_alone_is_diagnosed_with_its_findings()
    {
        var d = Diagnose(new DiagnoseRequest
        {
            Platform = "aliyun-domain",
            Document = new Document { Type = DocumentType.ResidentIdCard, Number = "11010519491231002X", ExpiryDate = Date(2026, 1, 1) },
        });

        // No message: the expired card decides, through the rule that explains it.
        Assert.Equal("aliyun-domain.electronic-info-check-failed", d.RuleId);
        Assert.Equal((Outcome.ChangeDocumentOrSubject, DecidingEvidence.DocumentFindings), (d.Outcome, d.DecidedBy));
        Assert.Contains(d.Findings, f => f.Code == FindingCode.Expired);
    }

    [Fact]
    public void The_answer_depends_only_on_the_request_locale_and_today()
    {
        DiagnoseRequest Request(string caseRef, string time) => new()
        {
            Platform = "aliyun-domain",
            Message = "注册者身份有效性验证失败",
            CaseRef = caseRef,
            OccurredAt = Shanghai(time),
            Document = new Document { Type = DocumentType.ResidentIdCard, Number = "11010519491231002X", HolderName = "张三" },
            Subject = new Subject { Type = SubjectType.Person, AccountsHeld = 0 },
        };

        var a = Diagnose(Request("case-1", "2026-09-30T00:05"));
        var b = Diagnose(Request("case-2", "2026-09-30T23:55"));
        var c = Diagnose(Request("case-1", "2026-09-30T00:05"), today: Day("2026-10-01"));

        Assert.Equal(a, b);
        Assert.Equal(a.ToByteArray(), b.ToByteArray());
        Assert.Equal(a.RuleId, c.RuleId);
    }

    [Fact]
    public void Answers_are_independent_copies()
    {
        var a = Diagnose(new DiagnoseRequest { Platform = "dayu", Message = "未知客户端" });
        a.Steps[0].Text = "changed";
        a.Escalation = null;

        var b = Diagnose(new DiagnoseRequest { Platform = "dayu", Message = "未知客户端" });

        Assert.NotEqual("changed", b.Steps[0].Text);
    }

    [Fact]
    public void No_personal_value_from_the_request_reaches_the_answer()
    {
        var d = Diagnose(new DiagnoseRequest
        {
            Platform = "dayu",
            Message = "根据平台违规管理规则,您的认证主体【欧阳娜娜】,不可作为大鱼号的有效主体",
            CaseRef = "case-ref-0042",
            Document = new Document
            {
                Type = DocumentType.ResidentIdCard,
                Number = "34052419800101001X",
                HolderName = "欧阳娜娜",
                HolderNameEn = "OUYANG NANA",
            },
        });

        var text = JsonFormatter.Default.Format(d);
        Assert.DoesNotContain("欧阳", text, StringComparison.Ordinal);
        Assert.DoesNotContain("34052419800101001X", text, StringComparison.Ordinal);
        Assert.DoesNotContain("OUYANG", text, StringComparison.Ordinal);
        Assert.DoesNotContain("case-ref-0042", text, StringComparison.Ordinal);
    }
}
