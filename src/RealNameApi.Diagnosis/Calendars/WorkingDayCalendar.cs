namespace RealNameApi.Diagnosis.Calendars;

/// <summary>
/// The mainland-China working-day calendar: Monday to Friday, less the official days off, plus the
/// weekend make-up working days (调休上班) of each year's State Council notice. Notices are data,
/// one YAML file per year (<c>Calendars/Data/&lt;year&gt;.yaml</c>), so next year's notice is an edit.
/// A year without a notice falls back to Monday to Friday and is reported as estimated.
/// </summary>
/// <remarks>
/// Immutable and thread-safe. Every year a notice touches is precomputed into a bitset of 366
/// bits, so <see cref="IsWorkingDay"/> is an array index and a bit test on the Diagnose path.
/// </remarks>
public sealed class WorkingDayCalendar
{
    private const string ResourcePrefix = "calendars/";

    private static readonly Lazy<WorkingDayCalendar> Embedded = new(() => Build(ReadEmbedded()));

    // Indexed by year - _firstYear. A null entry is a year no notice touches (Monday to Friday).
    private readonly int _firstYear;
    private readonly ulong[]?[] _workingDays;
    private readonly bool[] _hasNotice;

    private WorkingDayCalendar(int firstYear, ulong[]?[] workingDays, bool[] hasNotice, IReadOnlyList<int> noticeYears)
    {
        _firstYear = firstYear;
        _workingDays = workingDays;
        _hasNotice = hasNotice;
        NoticeYears = noticeYears;
    }

    /// <summary>The years that have a notice, ascending.</summary>
    public IReadOnlyList<int> NoticeYears { get; }

    /// <summary>The calendar of the notices embedded in this assembly. Read once, then shared.</summary>
    public static WorkingDayCalendar LoadEmbedded() => Embedded.Value;

    /// <summary>
    /// The embedded notices, with the <c>&lt;year&gt;.yaml</c> (or <c>.yml</c>) files of
    /// <paramref name="overrideDirectory"/> replacing or adding years. Null or empty means the
    /// embedded calendar alone.
    /// </summary>
    /// <exception cref="CalendarDataException">A file is invalid (the message names file and field), or the directory does not exist.</exception>
    public static WorkingDayCalendar Load(string? overrideDirectory)
    {
        if (string.IsNullOrEmpty(overrideDirectory))
        {
            return LoadEmbedded();
        }

        if (!Directory.Exists(overrideDirectory))
        {
            throw new CalendarDataException(overrideDirectory, "(directory)", "does not exist");
        }

        var byYear = ReadEmbedded().ToDictionary(notice => notice.Year);
        var fromDirectory = new Dictionary<int, CalendarNotice>();
        var files = Directory.EnumerateFiles(overrideDirectory, "*.yaml")
            .Concat(Directory.EnumerateFiles(overrideDirectory, "*.yml"))
            .Order(StringComparer.Ordinal);
        foreach (var path in files)
        {
            using var reader = new StreamReader(path);
            var notice = CalendarFileReader.Read(path, reader);
            if (!fromDirectory.TryAdd(notice.Year, notice))
            {
                throw new CalendarDataException(path, "year", $"{notice.Year} is also given by {fromDirectory[notice.Year].File}");
            }

            byYear[notice.Year] = notice;
        }

        return Build(byYear.Values);
    }

    /// <summary>Whether <paramref name="date"/> (Asia/Shanghai) is a working day.</summary>
    public bool IsWorkingDay(DateOnly date)
    {
        var index = date.Year - _firstYear;
        if ((uint)index < (uint)_workingDays.Length && _workingDays[index] is { } bits)
        {
            var day = date.DayOfYear - 1;
            return (bits[day >> 6] & (1UL << (day & 63))) != 0;
        }

        return date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

    /// <summary>Whether a holiday notice for <paramref name="year"/> is known.</summary>
    public bool HasNotice(int year)
    {
        var index = year - _firstYear;
        return (uint)index < (uint)_hasNotice.Length && _hasNotice[index];
    }

    /// <summary>
    /// The <paramref name="days"/>-th working day after <paramref name="start"/>; the start day
    /// itself is not counted, and 0 days returns <paramref name="start"/>.
    /// </summary>
    /// <param name="start">The day counted from.</param>
    /// <param name="days">How many working days to count, 0 or more.</param>
    /// <param name="estimated">True when a day passed over lies in a year without a notice.</param>
    public DateOnly AddWorkingDays(DateOnly start, int days, out bool estimated)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        estimated = false;
        var date = start;
        var year = 0;
        while (days > 0)
        {
            date = date.AddDays(1);
            if (date.Year != year)
            {
                year = date.Year;
                estimated |= !HasNotice(year);
            }

            if (IsWorkingDay(date))
            {
                days--;
            }
        }

        return date;
    }

    private static List<CalendarNotice> ReadEmbedded()
    {
        var assembly = typeof(WorkingDayCalendar).Assembly;
        var notices = new List<CalendarNotice>();
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            notices.Add(CalendarFileReader.Read(name, reader));
        }

        return notices;
    }

    private static WorkingDayCalendar Build(IEnumerable<CalendarNotice> notices)
    {
        // Each date's status and the file that set it: two files may agree (a New Year holiday
        // given by both neighbouring notices) but must not contradict each other.
        var status = new Dictionary<DateOnly, (bool Working, string File)>();
        var noticeYears = new SortedSet<int>();
        foreach (var notice in notices)
        {
            noticeYears.Add(notice.Year);
            Mark(status, notice.DaysOff, working: false, notice.File);
            Mark(status, notice.MakeUpWorkingDays, working: true, notice.File);
        }

        if (noticeYears.Count == 0)
        {
            return new WorkingDayCalendar(0, [], [], []);
        }

        var firstYear = Math.Min(noticeYears.Min, status.Count == 0 ? int.MaxValue : status.Keys.Min().Year);
        var lastYear = Math.Max(noticeYears.Max, status.Count == 0 ? int.MinValue : status.Keys.Max().Year);
        var workingDays = new ulong[]?[lastYear - firstYear + 1];
        var hasNotice = new bool[workingDays.Length];
        foreach (var year in noticeYears)
        {
            hasNotice[year - firstYear] = true;
            workingDays[year - firstYear] ??= WeekdayBits(year);
        }

        foreach (var (date, (working, _)) in status)
        {
            var bits = workingDays[date.Year - firstYear] ??= WeekdayBits(date.Year);
            var day = date.DayOfYear - 1;
            if (working)
            {
                bits[day >> 6] |= 1UL << (day & 63);
            }
            else
            {
                bits[day >> 6] &= ~(1UL << (day & 63));
            }
        }

        return new WorkingDayCalendar(firstYear, workingDays, hasNotice, [.. noticeYears]);
    }

    private static void Mark(Dictionary<DateOnly, (bool Working, string File)> status, IReadOnlyList<DateOnly> days, bool working, string file)
    {
        foreach (var day in days)
        {
            if (status.TryGetValue(day, out var earlier) && earlier.Working != working)
            {
                throw new CalendarDataException(file, working ? "make_up_working_days" : "days_off",
                    $"{CalendarFileReader.Iso(day)} contradicts {earlier.File}, which makes it a {(earlier.Working ? "working day" : "day off")}");
            }

            status[day] = (working, file);
        }
    }

    private static ulong[] WeekdayBits(int year)
    {
        var bits = new ulong[6];
        var first = new DateOnly(year, 1, 1);
        var length = DateTime.IsLeapYear(year) ? 366 : 365;
        for (var day = 0; day < length; day++)
        {
            if (first.AddDays(day).DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                bits[day >> 6] |= 1UL << (day & 63);
            }
        }

        return bits;
    }
}
