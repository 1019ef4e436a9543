using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Localization;
using static RealNameApi.Diagnosis.Tests.Engine.EngineFixture;

namespace RealNameApi.Diagnosis.Tests.Engine;

/// <summary>
/// Document dates are judged at the time of the failure (<c>occurred_at</c>), not at the time of
/// the request; a newly-issued wait opens at the later of occurred_at and issue date + 10 days.
/// </summary>
public sealed class OccurredAtTests
{
    private static Contracts.V1.Diagnosis Diagnose(DiagnoseRequest request, DateOnly today)
    {
        var result = Service.Diagnose(request, Locale.ZhCN, today);
        Assert.True(result.IsOk, result.Error?.ToString());
        return result.Value;
    }

    private static DateOnly Earliest(Contracts.V1.Diagnosis d) => DateOnly.FromDateTime(ToShanghai(d.Retry.Earliest).DateTime);

    [Fact]
    public void A_card_three_days_old_at_the_failure_reported_weeks_later_is_still_explained_as_newly_issued()
    {
        var d = Diagnose(
            new DiagnoseRequest
            {
                Platform = "aliyun-domain",
                Message = "证件电子信息核验不合格",
                OccurredAt = Shanghai("2026-09-30T10:00"),
                Document = new Document { Type = DocumentType.ResidentIdCard, Number = "11010519491231002X", IssueDate = Date(2026, 9, 27), LongTerm = true },
            },
            Day("2026-10-25"));

        Assert.Contains(d.Findings, f => f.Code == FindingCode.NewlyIssued);
        Assert.Equal(Outcome.WaitThenRetry, d.Outcome);
        Assert.Equal(Day("2026-10-07"), Earliest(d));
    }

    [Fact]
    public void A_card_that_expired_after_the_failure_was_valid_at_the_failure()
    {
        var d = Diagnose(
            new DiagnoseRequest
            {
                Platform = "aliyun-domain",
                Message = "证件电子信息核验不合格",
                OccurredAt = Shanghai("2026-09-01T10:00"),
                Document = new Document { Type = DocumentType.ResidentIdCard, Number = "34052419800101001X", IssueDate = Date(2006, 10, 10), ExpiryDate = Date(2026, 10, 10) },
            },
            Day("2026-10-25"));

        Assert.DoesNotContain(d.Findings, f => f.Code == FindingCode.Expired);
    }

    [Fact]
    public void The_wait_for_a_new_card_opens_no_earlier_than_the_failure()
    {
        var d = Diagnose(
            new DiagnoseRequest
            {
                Platform = "aliyun-domain",
                Message = "不在实名库中",
                OccurredAt = Shanghai("2026-09-30T10:00"),
                Document = new Document { Type = DocumentType.ResidentIdCard, Number = "11010519491231002X", IssueDate = Date(2026, 9, 1), LongTerm = true },
            },
            Day("2026-09-30"));

        Assert.Equal(Day("2026-09-30"), Earliest(d));
    }
}
