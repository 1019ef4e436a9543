using System.Globalization;
using RealNameApi.Diagnosis.Calendars;

namespace RealNameApi.Diagnosis.Tests.Calendars;

public sealed class CalendarFilesTests : IDisposable
{
    private const string Valid2027 = """
        year: 2027
        notice: test notice for 2027
        holidays:
          - name: New Year's Day
            days_off: 2027-01-01..2027-01-03
          - name: Spring Festival
            days_off: 2027-02-06..2027-02-12
            make_up_working_days: [2027-02-13]
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("calendars-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private string Write(string fileName, string yaml)
    {
        var path = Path.Combine(_directory, fileName);
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public void AFileInTheDirectoryAddsItsYear()
    {
        Write("2027.yaml", Valid2027);

        var calendar = WorkingDayCalendar.Load(_directory);

        Assert.Equal([2025, 2026, 2027], calendar.NoticeYears);
        Assert.False(calendar.IsWorkingDay(D("2027-02-08")));
        Assert.True(calendar.IsWorkingDay(D("2027-02-13")));
        Assert.Equal(D("2027-01-04"), calendar.AddWorkingDays(D("2026-12-31"), 1, out var estimated));
        Assert.False(estimated);

        // The embedded years are still there.
        Assert.Equal(D("2026-10-08"), calendar.AddWorkingDays(D("2026-09-30"), 1, out _));
    }

    [Fact]
    public void AFileInTheDirectoryReplacesAnEmbeddedYear()
    {
        Write("2026.yml", """
            year: 2026
            notice: corrected notice
            holidays:
              - name: National Day
                days_off: 2026-10-01..2026-10-09
            """);

        var calendar = WorkingDayCalendar.Load(_directory);

        Assert.False(calendar.IsWorkingDay(D("2026-10-08")));
        Assert.False(calendar.IsWorkingDay(D("2026-10-10"))); // no longer a make-up day
        Assert.True(calendar.IsWorkingDay(D("2026-02-16"))); // the replaced file has no Spring Festival
        Assert.Equal(D("2026-10-12"), calendar.AddWorkingDays(D("2026-09-30"), 1, out _));
    }

    [Fact]
    public void ANoticeMayReachIntoThePreviousDecember()
    {
        Write("2027.yaml", """
            year: 2027
            notice: test
            holidays:
              - name: New Year's Day
                days_off: 2026-12-31..2027-01-01
            """);

        var calendar = WorkingDayCalendar.Load(_directory);

        Assert.False(calendar.IsWorkingDay(D("2026-12-31")));
        Assert.True(calendar.IsWorkingDay(D("2026-12-30")));
        Assert.Equal(D("2027-01-04"), calendar.AddWorkingDays(D("2026-12-30"), 1, out var estimated));
        Assert.False(estimated);
    }

    [Fact]
    public void AMissingDirectoryIsRefused()
    {
        var missing = Path.Combine(_directory, "absent");
        var error = Assert.Throws<CalendarDataException>(() => WorkingDayCalendar.Load(missing));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    // Each broken file names itself and the field at fault.
    [Theory]
    [InlineData("2027.yaml", "year: 2027\nnotice: n\nholidays:\n  - days_off: 2027-02-30\n", "holidays[0].days_off", "not a date")]
    [InlineData("2027.yaml", "year: 2027\nnotice: n\nholidays:\n  - days_off: 2027-02-10..2027-02-06\n", "holidays[0].days_off", "ends before it starts")]
    [InlineData("2027.yaml", "year: 2027\nnotice: n\nholidays:\n  - days_off: 2027-02-13\n    make_up_working_days: [2027-02-13]\n", "holidays", "listed twice")]
    [InlineData("2027.yaml", "year: 2027\nnotice: n\nholidays:\n  - days_off: 2027-02-10\n    make_up_working_days: [2027-02-15]\n", "holidays[0].make_up_working_days[0]", "Monday")]
    [InlineData("2027.yaml", "year: 2027\nnotice: n\nholidays:\n  - days_off: 2027-02-10\n    make_up_working_days: 2027-02-13\n", "holidays[0].make_up_working_days", "must be a list")]
    [InlineData("2027.yaml", "year: 2027\nnotice: n\nholidays:\n  - days_off: 2028-10-01\n", "holidays[0].days_off", "outside the notice's year")]
    [InlineData("2027.yaml", "year: 2027\nnotice: n\nholidays:\n  - name: x\n", "holidays[0].days_off", "missing")]
    [InlineData("2027.yaml", "year: 2027\nnotice: n\nholidays:\n  - days_off: 2027-02-10\n    make_up_working_day: [2027-02-13]\n", "holidays[0].make_up_working_day", "unknown field")]
    [InlineData("2027.yaml", "year: 2027\nholidays:\n  - days_off: 2027-02-10\n", "notice", "missing")]
    [InlineData("2027.yaml", "year: 2027\nnotice: \"\"\nholidays:\n  - days_off: 2027-02-10\n", "notice", "non-empty")]
    [InlineData("2027.yaml", "year: 2028\nnotice: n\nholidays:\n  - days_off: 2027-02-10\n", "year", "does not match the file name")]
    [InlineData("2027.yaml", "year: twenty\nnotice: n\nholidays:\n  - days_off: 2027-02-10\n", "year", "not a year")]
    [InlineData("2027.yaml", "notice: n\nholidays:\n  - days_off: 2027-02-10\n", "year", "missing")]
    [InlineData("2027.yaml", "year: 2027\nnotice: n\nholidays: []\n", "holidays", "missing or empty")]
    [InlineData("2027.yaml", "year: 2027\nnotice: n\nholiday:\n  - days_off: 2027-02-10\n", "holiday", "unknown field")]
    [InlineData("2027.yaml", "year: 2027\nnotice: n\nholidays:\n  - days_off: [2027-02-10\n", "line", "not valid YAML")]
    [InlineData("2027.yaml", "", "(root)", "one mapping")]
    [InlineData("holidays.yaml", "year: 2027\nnotice: n\nholidays:\n  - days_off: 2027-02-10\n", "(file name)", "2026.yaml")]
    public void ABrokenFileIsRefusedNamingFileAndField(string fileName, string yaml, string field, string problem)
    {
        var path = Write(fileName, yaml);

        var error = Assert.Throws<CalendarDataException>(() => WorkingDayCalendar.Load(_directory));

        Assert.Equal(path, error.File);
        Assert.StartsWith(field, error.Field, StringComparison.Ordinal);
        Assert.StartsWith($"{path}: {field}", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoFilesForOneYearAreRefused()
    {
        Write("2027.yaml", Valid2027);
        Write("2027.yml", Valid2027);

        var error = Assert.Throws<CalendarDataException>(() => WorkingDayCalendar.Load(_directory));

        Assert.Equal("year", error.Field);
        Assert.Contains("2027.yaml", error.Message, StringComparison.Ordinal);
        Assert.Contains("2027.yml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FilesThatContradictEachOtherAreRefused()
    {
        Write("2026.yaml", """
            year: 2026
            notice: n
            holidays:
              - name: x
                days_off: 2026-10-01
                make_up_working_days: [2026-12-27]
            """);
        Write("2027.yaml", """
            year: 2027
            notice: n
            holidays:
              - name: New Year's Day
                days_off: 2026-12-27..2027-01-01
            """);

        var error = Assert.Throws<CalendarDataException>(() => WorkingDayCalendar.Load(_directory));

        Assert.Contains("2026-12-27", error.Message, StringComparison.Ordinal);
        Assert.Contains("2026.yaml", error.Message, StringComparison.Ordinal);
        Assert.Contains("2027.yaml", error.Message, StringComparison.Ordinal);
    }
}
