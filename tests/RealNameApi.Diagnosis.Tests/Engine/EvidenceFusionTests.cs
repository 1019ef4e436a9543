using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Localization;
using static RealNameApi.Diagnosis.Tests.Engine.EngineFixture;

namespace RealNameApi.Diagnosis.Tests.Engine;

/// <summary>
/// The answer follows from everything the request says, by the documented precedence: a final
/// rule; an account limit that is reached; ERROR findings of the document; the message's rule;
/// unknown. Each contradiction once seen in answers is a test here.
/// </summary>
public sealed class EvidenceFusionTests
{
    private static readonly DateOnly Today = Day("2026-10-20");

    private static Contracts.V1.Diagnosis Diagnose(DiagnoseRequest request, Locale locale = Locale.ZhCN)
    {
        var result = Service.Diagnose(request, locale, Today);
        Assert.True(result.IsOk, result.Error?.ToString());
        return result.Value;
    }

    private static IEnumerable<string> AllText(Contracts.V1.Diagnosis d) => d.Steps.SelectMany(s => s.Details.Prepend(s.Text));

    [Fact]
    public void A_reached_account_limit_decides_even_when_the_message_is_unknown()
    {
        var d = Diagnose(new DiagnoseRequest { Platform = "dayu", Message = "认证失败", Subject = new Subject { AccountsHeld = 1 } });

        Assert.Equal(AccountLimitState.Reached, d.AccountLimit.State);
        Assert.Equal(Outcome.ChangeDocumentOrSubject, d.Outcome);
        Assert.Equal(DecidingEvidence.AccountLimit, d.DecidedBy);
        Assert.Equal(Category.AccountLimit, d.Category);
        Assert.DoesNotContain(AllText(d), t => t.Contains("光线", StringComparison.Ordinal));
        // The options of the limit are in the steps.
        Assert.Contains(AllText(d), t => t.Contains("从未入驻过大鱼号", StringComparison.Ordinal));
    }

    [Fact]
    public void A_reached_account_limit_outranks_a_fixable_message_rule_which_stays_an_alternative()
    {
        var d = Diagnose(new DiagnoseRequest
        {
            Platform = "dayu",
            Message = "人脸与公安网照片不一致,请确保是账户本人操作",
            Subject = new Subject { Type = SubjectType.Person, AccountsHeld = 2 },
        });

        Assert.Equal(Outcome.ChangeDocumentOrSubject, d.Outcome);
        Assert.Equal(DecidingEvidence.AccountLimit, d.DecidedBy);
        Assert.Contains(d.Alternatives, a => a.RuleId == "dayu.face-mismatch-police-photo");
    }

    [Fact]
    public void A_final_rule_outranks_everything()
    {
        var d = Diagnose(new DiagnoseRequest
        {
            Platform = "dayu",
            Message = "根据平台违规管理规则,您的认证主体【张三】,不可作为大鱼号的有效主体",
            Subject = new Subject { AccountsHeld = 3 },
            Document = new Document { Type = DocumentType.ResidentIdCard, Number = "110105194912310021" },
        });

        Assert.Equal(("dayu.subject-barred", Outcome.Final, DecidingEvidence.FinalRule), (d.RuleId, d.Outcome, d.DecidedBy));
    }

    [Fact]
    public void A_wrong_check_digit_is_fixed_first_no_wait_can_fix_a_wrong_number()
    {
        var d = Diagnose(new DiagnoseRequest
        {
            Platform = "aliyun-domain",
            Message = "注册者身份有效性验证失败",
            OccurredAt = Shanghai("2026-09-30T10:00"),
            Document = new Document { Type = DocumentType.ResidentIdCard, Number = "110105194912310021", LongTerm = true },
        });

        Assert.Contains(d.Findings, f => f.Code == FindingCode.NumberChecksum && f.Severity == FindingSeverity.Error);
        Assert.Equal("aliyun-domain.identity-validity-check-failed", d.RuleId);
        Assert.Equal(Outcome.FixAndRetry, d.Outcome);
        Assert.Equal(DecidingEvidence.DocumentFindings, d.DecidedBy);
        Assert.Equal(RetryBasis.Immediate, d.Retry.Basis);
        // The finding's own text comes first, then the rule's steps.
        Assert.Equal(d.Findings[0].Message, d.Steps[0].Text);
        Assert.Contains(d.Steps, s => s.Text.Contains("核实提交的信息", StringComparison.Ordinal));
    }

    [Fact]
    public void The_message_decides_when_the_document_is_clean()
    {
        var d = Diagnose(new DiagnoseRequest
        {
            Platform = "aliyun-domain",
            Message = "注册者身份有效性验证失败",
            OccurredAt = Shanghai("2026-09-30T10:00"),
            Document = new Document { Type = DocumentType.ResidentIdCard, Number = "11010519491231002X", LongTerm = true },
        });

        Assert.Equal((Outcome.WaitThenRetry, DecidingEvidence.MessageRule), (d.Outcome, d.DecidedBy));
    }

    [Fact]
    public void Nothing_to_go_on_is_unknown()
    {
        var d = Diagnose(new DiagnoseRequest { Platform = "dayu", Message = "认证失败" });

        Assert.Equal((Outcome.Unknown, DecidingEvidence.None), (d.Outcome, d.DecidedBy));
    }

    [Theory]
    [InlineData("110105194912310021", FindingCode.NumberChecksum)]
    [InlineData("11010519491231002", FindingCode.NumberLength)]
    [InlineData("34O52419800101001X", FindingCode.NumberLikelyTypo)]
    public void A_document_alone_with_a_bad_number_is_diagnosed_fix_the_number(string number, FindingCode code)
    {
        var d = Diagnose(new DiagnoseRequest
        {
            Platform = "aliyun-domain",
            Document = new Document { Type = DocumentType.ResidentIdCard, Number = number, LongTerm = true },
        });

        Assert.Contains(d.Findings, f => f.Code == code);
        Assert.Equal((Outcome.FixAndRetry, DecidingEvidence.DocumentFindings), (d.Outcome, d.DecidedBy));
        Assert.Equal("aliyun-domain.wrong-type-or-number-length", d.RuleId);
        Assert.Equal(MatchKind.Evidence, d.MatchKind);
        Assert.Equal(1.0, d.Confidence);
    }

    [Fact]
    public void A_document_alone_issued_three_days_before_the_failure_waits_from_the_issue_date()
    {
        var d = Diagnose(new DiagnoseRequest
        {
            Platform = "aliyun-domain",
            OccurredAt = Shanghai("2026-09-30T10:00"),
            Document = new Document { Type = DocumentType.ResidentIdCard, Number = "11010519491231002X", IssueDate = Date(2026, 9, 27), LongTerm = true },
        });

        Assert.Equal(("aliyun-domain.new-document-not-in-registry", Outcome.WaitThenRetry, DecidingEvidence.DocumentFindings), (d.RuleId, d.Outcome, d.DecidedBy));
        Assert.Equal(Day("2026-10-07"), DateOnly.FromDateTime(ToShanghai(d.Retry.Earliest).DateTime));
    }

    [Fact]
    public void A_document_alone_with_an_oversized_image_gets_the_upload_rules()
    {
        var d = Diagnose(new DiagnoseRequest
        {
            Platform = "aliyun-domain",
            Document = new Document
            {
                Type = DocumentType.ResidentIdCard,
                Number = "11010519491231002X",
                LongTerm = true,
                Files = { new DocumentFile { FileName = "a.png", SizeBytes = 6 * 1024 * 1024, DetectedFormat = ImageFormat.Png, ColorMode = ColorMode.Color } },
            },
        });

        Assert.Equal(("aliyun-domain.upload-size-limit", Outcome.FixAndRetry, DecidingEvidence.DocumentFindings), (d.RuleId, d.Outcome, d.DecidedBy));
    }

    [Fact]
    public void An_expired_document_alone_means_another_document()
    {
        var d = Diagnose(new DiagnoseRequest
        {
            Platform = "dayu",
            OccurredAt = Shanghai("2026-09-30T10:00"),
            Document = new Document { Type = DocumentType.ResidentIdCard, Number = "34052419800101001X", IssueDate = Date(2006, 3, 1), ExpiryDate = Date(2026, 3, 1) },
        });

        Assert.Equal((Outcome.ChangeDocumentOrSubject, DecidingEvidence.DocumentFindings), (d.Outcome, d.DecidedBy));
        Assert.Equal(d.Findings[0].Message, d.Steps[0].Text);
    }

    [Fact]
    public void A_document_alone_without_faults_is_unknown()
    {
        var d = Diagnose(new DiagnoseRequest
        {
            Platform = "dayu",
            Document = new Document { Type = DocumentType.ResidentIdCard, Number = "11010519491231002X", LongTerm = true },
        });

        Assert.Equal((Outcome.Unknown, DecidingEvidence.None), (d.Outcome, d.DecidedBy));
    }
}
