using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Localization;
using static RealNameApi.Diagnosis.Tests.Engine.EngineFixture;

namespace RealNameApi.Diagnosis.Tests.Engine;

/// <summary>
/// Steps fit the subject: a person never gets organisation-only steps (credit codes, business
/// licences, an authority's seal), an organisation never gets person-only ones.
/// </summary>
public sealed class SubjectStepsTests
{
    private static readonly DateOnly Today = Day("2026-10-20");

    private static readonly string[] OrganisationWords = ["统一社会信用代码", "营业执照", "上级主管部门", "组代中心", "企信中心", "单位信息"];

    private static IEnumerable<string> AllText(Contracts.V1.Diagnosis d) => d.Steps.SelectMany(s => s.Details.Prepend(s.Text));

    private static Contracts.V1.Diagnosis Diagnose(DiagnoseRequest request)
    {
        var result = Service.Diagnose(request, Locale.ZhCN, Today);
        Assert.True(result.IsOk, result.Error?.ToString());
        return result.Value;
    }

    [Fact]
    public void A_resident_id_holder_whose_new_card_is_not_in_the_registry_gets_no_organisation_steps()
    {
        var d = Diagnose(new DiagnoseRequest
        {
            Platform = "aliyun-domain",
            Message = "不在实名库中",
            Document = new Document { Type = DocumentType.ResidentIdCard, Number = "11010519491231002X", IssueDate = Date(2026, 10, 15), LongTerm = true },
        });

        Assert.Equal("aliyun-domain.new-document-not-in-registry", d.RuleId);
        Assert.NotEmpty(d.Steps);
        foreach (var text in AllText(d))
        {
            Assert.DoesNotContain(OrganisationWords, w => text.Contains(w, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void An_organisation_still_gets_its_own_steps()
    {
        var d = Diagnose(new DiagnoseRequest
        {
            Platform = "aliyun-domain",
            Message = "不在实名库中",
            Subject = new Subject { Type = SubjectType.Organization },
        });

        Assert.Contains(AllText(d), t => t.Contains("上级主管部门", StringComparison.Ordinal));
    }

    [Fact]
    public void An_organisation_gets_no_person_only_steps()
    {
        var d = Diagnose(new DiagnoseRequest
        {
            Platform = "aliyun-domain",
            Message = "注册者证件不完整",
            Document = new Document { Type = DocumentType.BusinessLicense, Number = "91350100M000100Y43" },
        });

        Assert.DoesNotContain(AllText(d), t => t.Contains("身份证:个人信息面", StringComparison.Ordinal) || t.Contains("户口簿", StringComparison.Ordinal));
        Assert.Contains(AllText(d), t => t.Contains("登记机关公章", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_subject_type_every_step_is_kept()
    {
        var d = Diagnose(new DiagnoseRequest { Platform = "aliyun-domain", Message = "注册者证件不完整" });

        Assert.Contains(AllText(d), t => t.Contains("户口簿", StringComparison.Ordinal));
        Assert.Contains(AllText(d), t => t.Contains("登记机关公章", StringComparison.Ordinal));
    }
}
