namespace RealNameApi.Diagnosis.Calendars;

/// <summary>One year's holiday notice, as read from its data file.</summary>
/// <param name="Year">The year the notice is for.</param>
/// <param name="Notice">Where the notice was published.</param>
/// <param name="File">The data file it was read from, for error messages.</param>
/// <param name="DaysOff">Official days off, weekends among them included.</param>
/// <param name="MakeUpWorkingDays">Weekend days that are worked instead (调休上班).</param>
internal sealed record CalendarNotice(
    int Year,
    string Notice,
    string File,
    IReadOnlyList<DateOnly> DaysOff,
    IReadOnlyList<DateOnly> MakeUpWorkingDays);
