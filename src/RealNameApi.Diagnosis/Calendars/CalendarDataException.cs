namespace RealNameApi.Diagnosis.Calendars;

/// <summary>
/// A calendar data file is missing, unreadable or breaks a rule. The message names the file and
/// the field (for example <c>2026.yaml: holidays[1].days_off: ...</c>) so the fault can be found
/// without reading code; calendar files hold no personal data, so nothing needs hiding.
/// </summary>
public sealed class CalendarDataException : Exception
{
    /// <summary>Creates the exception for a fault in <paramref name="file"/> at <paramref name="field"/>.</summary>
    public CalendarDataException(string file, string field, string problem, Exception? inner = null)
        : base($"{file}: {field}: {problem}", inner)
    {
        File = file;
        Field = field;
    }

    /// <summary>The file at fault: a path, or the embedded resource name.</summary>
    public string File { get; }

    /// <summary>The field at fault, as a path such as <c>holidays[2].make_up_working_days[0]</c>.</summary>
    public string Field { get; }
}
