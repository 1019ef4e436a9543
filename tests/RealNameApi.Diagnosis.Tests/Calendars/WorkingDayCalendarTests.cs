using System.Globalization;
using RealNameApi.Diagnosis.Calendars;

namespace RealNameApi.Diagnosis.Tests.Calendars;

public class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.LoadEmbedded();

    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public void EmbeddedCalendarHasTheNoticesOf2025And2026Only()
    {
        Assert.Equal([2025, 2026], Calendar.NoticeYears);
        Assert.True(Calendar.HasNotice(2025));
        Assert.True(Calendar.HasNotice(2026));
        Assert.False(Calendar.HasNotice(2024));
        Assert.False(Calendar.HasNotice(2027));
    }

    // Every day off of the two notices, as FACTS.md lists them.
    public static TheoryData<string, string> DaysOff => new()
    {
        { "2025-01-01", "2025-01-01" }, { "2025-01-28", "2025-02-04" }, { "2025-04-04", "2025-04-06" },
        { "2025-05-01", "2025-05-05" }, { "2025-05-31", "2025-06-02" }, { "2025-10-01", "2025-10-08" },
        { "2026-01-01", "2026-01-03" }, { "2026-02-15", "2026-02-23" }, { "2026-04-04", "2026-04-06" },
        { "2026-05-01", "2026-05-05" }, { "2026-06-19", "2026-06-21" }, { "2026-09-25", "2026-09-27" },
        { "2026-10-01", "2026-10-07" },
    };

    [Theory]
    [MemberData(nameof(DaysOff))]
    public void EveryDayOffIsNotAWorkingDay(string first, string last)
    {
        for (var day = D(first); day <= D(last); day = day.AddDays(1))
        {
            Assert.False(Calendar.IsWorkingDay(day), $"{day:O} should be a day off");
        }

        // The holiday is bounded: the day before and the day after are not part of it, and at
        // least one of the neighbours of a weekday-bounded holiday is a working day.
        Assert.True(Calendar.IsWorkingDay(D(first).AddDays(-1)) || Calendar.IsWorkingDay(D(last).AddDays(1)));
    }

    [Theory]
    [InlineData("2025-01-26")]
    [InlineData("2025-02-08")]
    [InlineData("2025-04-27")]
    [InlineData("2025-09-28")]
    [InlineData("2025-10-11")]
    [InlineData("2026-01-04")]
    [InlineData("2026-02-14")]
    [InlineData("2026-02-28")]
    [InlineData("2026-05-09")]
    [InlineData("2026-09-20")]
    [InlineData("2026-10-10")]
    public void EveryMakeUpDayIsAWorkingWeekendDay(string iso)
    {
        var day = D(iso);
        Assert.True(day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
        Assert.True(Calendar.IsWorkingDay(day));
    }

    [Theory]
    [InlineData(2025, 248)]
    [InlineData(2026, 248)]
    public void AYearHasItsNoticesWorkingDayCount(int year, int expected)
    {
        // 261 weekdays in each year, less 18 (2025) or 19 (2026) days off falling on weekdays,
        // plus 5 (2025) or 6 (2026) make-up days; counted independently from FACTS.md.
        var count = 0;
        for (var day = new DateOnly(year, 1, 1); day.Year == year; day = day.AddDays(1))
        {
            count += Calendar.IsWorkingDay(day) ? 1 : 0;
        }

        Assert.Equal(expected, count);
    }

    [Theory]
    [InlineData("2027-01-01", true)] // a Friday in a year without a notice: estimated as working
    [InlineData("2027-01-02", false)]
    [InlineData("2024-10-01", true)]
    [InlineData("2024-10-05", false)]
    [InlineData("2026-12-31", true)]
    [InlineData("2025-12-27", false)]
    public void YearsWithoutANoticeCountMondayToFriday(string iso, bool working)
    {
        Assert.Equal(working, Calendar.IsWorkingDay(D(iso)));
    }

    // One or more working days from the last working day before each holiday (and from make-up
    // days), expected values computed independently from FACTS.md.
    [Theory]
    [InlineData("2024-12-31", 1, "2025-01-02")] // New Year 2025
    [InlineData("2025-01-24", 1, "2025-01-26")] // Spring Festival 2025: Sunday make-up day counts
    [InlineData("2025-01-24", 2, "2025-01-27")]
    [InlineData("2025-01-24", 3, "2025-02-05")]
    [InlineData("2025-01-27", 1, "2025-02-05")]
    [InlineData("2025-02-07", 1, "2025-02-08")] // Saturday make-up day after the holiday
    [InlineData("2025-04-03", 1, "2025-04-07")] // Qingming 2025
    [InlineData("2025-04-25", 1, "2025-04-27")] // Labour Day 2025: Sunday make-up day
    [InlineData("2025-04-30", 1, "2025-05-06")]
    [InlineData("2025-05-30", 1, "2025-06-03")] // Dragon Boat 2025
    [InlineData("2025-09-26", 1, "2025-09-28")] // National Day 2025: Sunday make-up day
    [InlineData("2025-09-30", 1, "2025-10-09")]
    [InlineData("2025-10-10", 1, "2025-10-11")] // Saturday make-up day after the holiday
    [InlineData("2025-12-31", 1, "2026-01-04")] // New Year 2026: Sunday make-up day, across the year end
    [InlineData("2026-02-13", 1, "2026-02-14")] // Spring Festival 2026: Saturday make-up day
    [InlineData("2026-02-14", 1, "2026-02-24")]
    [InlineData("2026-02-27", 1, "2026-02-28")] // Saturday make-up day after the holiday
    [InlineData("2026-02-28", 1, "2026-03-02")]
    [InlineData("2026-04-03", 1, "2026-04-07")] // Qingming 2026
    [InlineData("2026-04-30", 1, "2026-05-06")] // Labour Day 2026
    [InlineData("2026-05-08", 1, "2026-05-09")] // Saturday make-up day after the holiday
    [InlineData("2026-06-18", 1, "2026-06-22")] // Dragon Boat 2026
    [InlineData("2026-09-18", 1, "2026-09-20")] // Mid-Autumn 2026: Sunday make-up day
    [InlineData("2026-09-24", 1, "2026-09-28")]
    [InlineData("2026-09-30", 1, "2026-10-08")] // National Day 2026
    [InlineData("2026-09-30", 3, "2026-10-10")] // Saturday make-up day counts as the third
    [InlineData("2026-10-09", 1, "2026-10-10")]
    [InlineData("2026-10-10", 1, "2026-10-12")]
    [InlineData("2026-12-30", 1, "2026-12-31")]
    public void WorkingDaysSkipDaysOffAndCountMakeUpDays(string start, int days, string expected)
    {
        Assert.Equal(D(expected), Calendar.AddWorkingDays(D(start), days, out var estimated));
        Assert.False(estimated);
    }

    [Theory]
    [InlineData("2026-12-31", 1, "2027-01-01")]
    [InlineData("2026-12-31", 3, "2027-01-05")]
    [InlineData("2027-03-05", 1, "2027-03-08")]
    [InlineData("2024-06-28", 5, "2024-07-05")]
    public void DaysInAYearWithoutANoticeAreEstimated(string start, int days, string expected)
    {
        Assert.Equal(D(expected), Calendar.AddWorkingDays(D(start), days, out var estimated));
        Assert.True(estimated);
    }

    [Fact]
    public void ZeroWorkingDaysIsTheStartDayAndNeverEstimated()
    {
        Assert.Equal(D("2027-06-01"), Calendar.AddWorkingDays(D("2027-06-01"), 0, out var estimated));
        Assert.False(estimated);
    }

    [Fact]
    public void NegativeWorkingDaysAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.AddWorkingDays(D("2026-01-05"), -1, out _));
    }

    [Fact]
    public void LoadWithoutADirectoryIsTheEmbeddedCalendar()
    {
        Assert.Same(Calendar, WorkingDayCalendar.Load(null));
        Assert.Same(Calendar, WorkingDayCalendar.Load(""));
    }
}
