using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Calendars;

namespace RealNameApi.Diagnosis.Tests.Calendars;

public class RetryWindowCalculatorTests
{
    private readonly RetryWindowCalculator _calculator = new(WorkingDayCalendar.LoadEmbedded());

    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    // Start of the day in Asia/Shanghai (UTC+8), written out independently of ShanghaiTime.
    private static Timestamp StartOfShanghaiDay(string iso) =>
        Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(iso + "T00:00:00+08:00", CultureInfo.InvariantCulture));

    [Fact]
    public void ADataDelayFrom2026_09_30OpensOnOctober8AndClosesOnOctober10()
    {
        var window = _calculator.Compute(RetryBasis.WorkingDays, 1, 3, D("2026-09-30"), RetryAnchor.OccurredAt);

        Assert.Equal(RetryBasis.WorkingDays, window.Basis);
        Assert.Equal(1, window.MinDays);
        Assert.Equal(3, window.MaxDays);
        Assert.Equal(StartOfShanghaiDay("2026-10-08"), window.Earliest);
        Assert.Equal(StartOfShanghaiDay("2026-10-10"), window.Latest);
        Assert.Equal("2026-10-07T16:00:00Z", window.Earliest.ToDateTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        Assert.False(window.CalendarEstimated);
        Assert.Equal(RetryAnchor.OccurredAt, window.Anchor);
    }

    [Fact]
    public void TenNaturalDaysAfterTheIssueDate()
    {
        var window = _calculator.Compute(RetryBasis.NaturalDays, 10, 10, D("2026-02-10"), RetryAnchor.IssueDate);

        // Natural days ignore the Spring Festival holiday in between.
        Assert.Equal(StartOfShanghaiDay("2026-02-20"), window.Earliest);
        Assert.Equal(StartOfShanghaiDay("2026-02-20"), window.Latest);
        Assert.Equal(RetryAnchor.IssueDate, window.Anchor);
        Assert.False(window.CalendarEstimated);
    }

    [Theory]
    [InlineData("2025-01-27", 1, 3, "2025-02-05", "2025-02-07")] // Spring Festival 2025
    [InlineData("2025-01-24", 1, 3, "2025-01-26", "2025-02-05")] // Spring Festival 2025, make-up Sunday first
    [InlineData("2026-02-13", 1, 3, "2026-02-14", "2026-02-25")] // Spring Festival 2026
    [InlineData("2025-09-30", 1, 3, "2025-10-09", "2025-10-11")] // National Day 2025, make-up Saturday last
    [InlineData("2026-09-24", 3, 5, "2026-09-30", "2026-10-09")] // Mid-Autumn then National Day 2026
    [InlineData("2026-04-30", 3, 5, "2026-05-08", "2026-05-11")] // Labour Day 2026, make-up Saturday inside
    public void WorkingDayWindowsAcrossHolidays(string anchor, int min, int max, string earliest, string latest)
    {
        var window = _calculator.Compute(RetryBasis.WorkingDays, min, max, D(anchor), RetryAnchor.OccurredAt);

        Assert.Equal(StartOfShanghaiDay(earliest), window.Earliest);
        Assert.Equal(StartOfShanghaiDay(latest), window.Latest);
        Assert.False(window.CalendarEstimated);
    }

    [Fact]
    public void AWindowReachingIntoAYearWithoutANoticeIsEstimated()
    {
        var window = _calculator.Compute(RetryBasis.WorkingDays, 1, 3, D("2026-12-30"), RetryAnchor.OccurredAt);

        Assert.Equal(StartOfShanghaiDay("2026-12-31"), window.Earliest);
        Assert.Equal(StartOfShanghaiDay("2027-01-04"), window.Latest);
        Assert.True(window.CalendarEstimated);
    }

    [Fact]
    public void NaturalDaysAreNeverEstimated()
    {
        var window = _calculator.Compute(RetryBasis.NaturalDays, 5, 7, D("2027-12-30"), RetryAnchor.OccurredAt);

        Assert.Equal(StartOfShanghaiDay("2028-01-04"), window.Earliest);
        Assert.Equal(StartOfShanghaiDay("2028-01-06"), window.Latest);
        Assert.False(window.CalendarEstimated);
    }

    [Fact]
    public void ImmediateOpensAndClosesOnTheAnchorDay()
    {
        var window = _calculator.Compute(RetryBasis.Immediate, 0, 0, D("2026-10-03"), RetryAnchor.OccurredAt);

        Assert.Equal(StartOfShanghaiDay("2026-10-03"), window.Earliest);
        Assert.Equal(StartOfShanghaiDay("2026-10-03"), window.Latest);
        Assert.NotSame(window.Earliest, window.Latest);
        Assert.Equal(0, window.MinDays);
        Assert.Equal(0, window.MaxDays);
    }

    [Fact]
    public void NotRetryableHasNoDates()
    {
        var window = _calculator.Compute(RetryBasis.NotRetryable, 0, 0, D("2026-10-03"), RetryAnchor.OccurredAt);

        Assert.Equal(RetryBasis.NotRetryable, window.Basis);
        Assert.Null(window.Earliest);
        Assert.Null(window.Latest);
    }

    [Theory]
    [InlineData(RetryBasis.Unspecified, 1, 3, RetryAnchor.OccurredAt)]
    [InlineData(RetryBasis.WorkingDays, 1, 3, RetryAnchor.Unspecified)]
    [InlineData(RetryBasis.WorkingDays, -1, 3, RetryAnchor.OccurredAt)]
    [InlineData(RetryBasis.WorkingDays, 3, 1, RetryAnchor.OccurredAt)]
    [InlineData(RetryBasis.NaturalDays, 1, RetryWindowCalculator.MaxDays + 1, RetryAnchor.OccurredAt)]
    [InlineData((RetryBasis)99, 1, 3, RetryAnchor.OccurredAt)]
    public void BadArgumentsAreRefused(RetryBasis basis, int min, int max, RetryAnchor anchor)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _calculator.Compute(basis, min, max, D("2026-01-05"), anchor));
    }
}
