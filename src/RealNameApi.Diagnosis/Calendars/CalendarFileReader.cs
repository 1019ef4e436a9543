using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RealNameApi.Diagnosis.Calendars;

/// <summary>
/// Reads and validates one calendar data file (<c>&lt;year&gt;.yaml</c>). The YAML tree is walked by
/// hand rather than deserialised so that every fault names its field path, and unknown keys (a
/// misspelt <c>make_up_working_day</c>) are refused instead of silently ignored.
/// </summary>
internal static class CalendarFileReader
{
    private const string DateFormat = "yyyy-MM-dd";

    /// <summary>Reads the notice in <paramref name="text"/>; <paramref name="file"/> names it in errors.</summary>
    public static CalendarNotice Read(string file, TextReader text)
    {
        var yearFromName = YearFromFileName(file);
        var root = LoadRoot(file, text);

        int? year = null;
        string? notice = null;
        var daysOff = new List<DateOnly>();
        var makeUpDays = new List<DateOnly>();
        YamlSequenceNode? holidays = null;

        foreach (var (keyNode, value) in root.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value;
            switch (key)
            {
                case "year":
                    year = ReadYear(file, value, yearFromName);
                    break;
                case "notice":
                    notice = ReadText(file, "notice", value);
                    break;
                case "holidays":
                    holidays = value as YamlSequenceNode
                        ?? throw new CalendarDataException(file, "holidays", "must be a list of holidays");
                    break;
                default:
                    throw new CalendarDataException(file, key ?? "(key)", "unknown field; expected year, notice or holidays");
            }
        }

        if (year is null)
        {
            throw new CalendarDataException(file, "year", "is missing");
        }

        if (notice is null)
        {
            throw new CalendarDataException(file, "notice", "is missing; name the notice the dates come from");
        }

        if (holidays is null || holidays.Children.Count == 0)
        {
            throw new CalendarDataException(file, "holidays", "is missing or empty");
        }

        for (var i = 0; i < holidays.Children.Count; i++)
        {
            ReadHoliday(file, $"holidays[{i}]", holidays.Children[i], year.Value, daysOff, makeUpDays);
        }

        CheckNoOverlap(file, daysOff, makeUpDays);
        return new CalendarNotice(year.Value, notice, file, daysOff, makeUpDays);
    }

    private static int YearFromFileName(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        if (name.Length == 4 && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year >= 1900)
        {
            return year;
        }

        throw new CalendarDataException(file, "(file name)", "must be the year the notice is for, such as 2026.yaml");
    }

    private static YamlMappingNode LoadRoot(string file, TextReader text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(text);
        }
        catch (YamlException e)
        {
            throw new CalendarDataException(file, $"line {e.Start.Line}", $"not valid YAML ({e.Message})", e);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new CalendarDataException(file, "(root)", "must be one mapping with year, notice and holidays");
        }

        return root;
    }

    private static int ReadYear(string file, YamlNode node, int yearFromName)
    {
        var text = ReadText(file, "year", node);
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            throw new CalendarDataException(file, "year", $"'{text}' is not a year");
        }

        if (year != yearFromName)
        {
            throw new CalendarDataException(file, "year", $"{year} does not match the file name, which says {yearFromName}");
        }

        return year;
    }

    private static void ReadHoliday(string file, string path, YamlNode node, int year, List<DateOnly> daysOff, List<DateOnly> makeUpDays)
    {
        if (node is not YamlMappingNode holiday)
        {
            throw new CalendarDataException(file, path, "must be a mapping with name, days_off and make_up_working_days");
        }

        var sawDaysOff = false;
        foreach (var (keyNode, value) in holiday.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value;
            var field = $"{path}.{key}";
            switch (key)
            {
                case "name":
                    ReadText(file, field, value);
                    break;
                case "days_off":
                    ReadRange(file, field, value, year, daysOff);
                    sawDaysOff = true;
                    break;
                case "make_up_working_days":
                    ReadMakeUpDays(file, field, value, year, makeUpDays);
                    break;
                default:
                    throw new CalendarDataException(file, field, "unknown field; expected name, days_off or make_up_working_days");
            }
        }

        if (!sawDaysOff)
        {
            throw new CalendarDataException(file, $"{path}.days_off", "is missing");
        }
    }

    private static void ReadRange(string file, string field, YamlNode node, int year, List<DateOnly> daysOff)
    {
        var text = ReadText(file, field, node);
        var separator = text.IndexOf("..", StringComparison.Ordinal);
        var first = ReadDate(file, field, separator < 0 ? text : text[..separator], year);
        var last = separator < 0 ? first : ReadDate(file, field, text[(separator + 2)..], year);
        if (last < first)
        {
            throw new CalendarDataException(file, field, $"range '{text}' ends before it starts");
        }

        for (var day = first; day <= last; day = day.AddDays(1))
        {
            daysOff.Add(day);
        }
    }

    private static void ReadMakeUpDays(string file, string field, YamlNode node, int year, List<DateOnly> makeUpDays)
    {
        if (node is not YamlSequenceNode list)
        {
            throw new CalendarDataException(file, field, "must be a list of dates, such as [2026-02-14, 2026-02-28]");
        }

        for (var i = 0; i < list.Children.Count; i++)
        {
            var itemField = $"{field}[{i}]";
            var day = ReadDate(file, itemField, ReadText(file, itemField, list.Children[i]), year);
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                throw new CalendarDataException(file, itemField, $"{Iso(day)} is a {day.DayOfWeek}; make-up working days fall on weekends");
            }

            makeUpDays.Add(day);
        }
    }

    private static DateOnly ReadDate(string file, string field, string text, int year)
    {
        if (!DateOnly.TryParseExact(text.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw new CalendarDataException(file, field, $"'{text}' is not a date ({DateFormat})");
        }

        // A New Year holiday can begin in the December before the notice's year (and a notice
        // can reach into the next January); anything further away is a typing slip.
        var earliest = new DateOnly(year - 1, 12, 1);
        var latest = new DateOnly(year + 1, 1, 31);
        if (date < earliest || date > latest)
        {
            throw new CalendarDataException(file, field, $"{text} lies outside the notice's year {year}");
        }

        return date;
    }

    private static string ReadText(string file, string field, YamlNode node)
    {
        if (node is not YamlScalarNode { Value: { } value } || string.IsNullOrWhiteSpace(value))
        {
            throw new CalendarDataException(file, field, "must be a non-empty value");
        }

        return value;
    }

    private static void CheckNoOverlap(string file, List<DateOnly> daysOff, List<DateOnly> makeUpDays)
    {
        var seen = new HashSet<DateOnly>();
        foreach (var day in daysOff)
        {
            if (!seen.Add(day))
            {
                throw new CalendarDataException(file, "holidays", $"{Iso(day)} is listed as a day off twice");
            }
        }

        foreach (var day in makeUpDays)
        {
            if (!seen.Add(day))
            {
                throw new CalendarDataException(file, "holidays", $"{Iso(day)} is listed twice, or as both a day off and a make-up working day");
            }
        }
    }

    /// <summary>A date as the data files write it, whatever the machine's culture.</summary>
    internal static string Iso(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);
}
