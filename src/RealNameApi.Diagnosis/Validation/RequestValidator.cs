using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;
using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Catalog;
using RealNameApi.Diagnosis.Time;

namespace RealNameApi.Diagnosis.Validation;

/// <summary>
/// Checks requests before the engine answers them, collecting every bad field rather than
/// stopping at the first, and never throwing: bad input is an answer, not an exception. A
/// well-formed request for a platform the catalog lacks is NOT_FOUND, not INVALID_ARGUMENT.
/// </summary>
public static class RequestValidator
{
    // Timestamp's valid range: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
    private const long MinTimestampSeconds = -62_135_596_800;
    private const long MaxTimestampSeconds = 253_402_300_799;

    /// <summary>
    /// Checks a <c>Diagnose</c> request (or a batch item, with field paths relative to it).
    /// <paramref name="today"/> is the caller's date in Shanghai: <c>occurred_at</c> may not lie
    /// beyond tomorrow (a day of slack for clocks).
    /// </summary>
    public static RequestError? Diagnose(DiagnoseRequest request, FailureCatalog catalog, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(catalog);
        var v = new Violations();
        Platform(ref v, request.Platform, required: true);
        v.MaxLength("code", request.Code, RequestLimits.CodeLength);
        v.MaxLength("message", request.Message, RequestLimits.MessageLength);
        v.MaxLength("case_ref", request.CaseRef, RequestLimits.CaseRefLength);
        v.MaxLength("locale", request.Locale, RequestLimits.LocaleLength);
        if (string.IsNullOrWhiteSpace(request.Message) && string.IsNullOrWhiteSpace(request.Code) && request.Document is null)
        {
            v.Add("message", "is required when neither code nor document is given");
        }

        if (request.Document is not null)
        {
            Document(ref v, request.Document);
        }

        if (request.Subject is not null)
        {
            Subject(ref v, request.Subject);
        }

        if (request.OccurredAt is not null && ValidTimestamp(ref v, "occurred_at", request.OccurredAt)
            && ShanghaiTime.DateOf(request.OccurredAt) > today.AddDays(1))
        {
            v.Add("occurred_at", "lies in the future");
        }

        return v.Result(catalog, request.Platform);
    }

    /// <summary>Checks a <c>ValidateDocument</c> request.</summary>
    public static RequestError? ValidateDocument(ValidateDocumentRequest request, FailureCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(catalog);
        var v = new Violations();
        Platform(ref v, request.Platform, required: false);
        v.MaxLength("locale", request.Locale, RequestLimits.LocaleLength);
        if (request.Document is null)
        {
            v.Add("document", "is required");
        }
        else
        {
            Document(ref v, request.Document);
        }

        if (request.Subject is not null)
        {
            Subject(ref v, request.Subject);
        }

        if (request.AsOf is not null)
        {
            ValidTimestamp(ref v, "as_of", request.AsOf);
        }

        return v.Result(catalog, request.Platform);
    }

    /// <summary>Checks a <c>ListFailureRules</c> request; the page token is checked where it is read.</summary>
    public static RequestError? ListFailureRules(ListFailureRulesRequest request, FailureCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(catalog);
        var v = new Violations();
        Platform(ref v, request.Platform, required: false);
        v.Defined("category", request.Category);
        v.MaxLength("locale", request.Locale, RequestLimits.LocaleLength);
        if (request.PageSize < 0)
        {
            v.Add("page_size", "must not be negative");
        }

        return v.Result(catalog, request.Platform);
    }

    /// <summary>Checks a <c>GetPlatformPolicy</c> request.</summary>
    public static RequestError? GetPlatformPolicy(GetPlatformPolicyRequest request, FailureCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(catalog);
        var v = new Violations();
        Platform(ref v, request.Platform, required: true);
        v.MaxLength("locale", request.Locale, RequestLimits.LocaleLength);
        return v.Result(catalog, request.Platform);
    }

    /// <summary>Checks the batch as a whole (1 to 100 items); items are checked one by one with <see cref="Diagnose"/>.</summary>
    public static RequestError? BatchDiagnose(BatchDiagnoseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var count = request.Requests.Count;
        return count is 0 or > RequestLimits.BatchItems
            ? RequestError.Invalid([new FieldViolation("requests", $"must hold 1 to {RequestLimits.BatchItems} items")])
            : null;
    }

    private static void Platform(ref Violations v, string platform, bool required)
    {
        if (required && string.IsNullOrWhiteSpace(platform))
        {
            v.Add("platform", "is required");
        }
        else
        {
            v.MaxLength("platform", platform, RequestLimits.PlatformLength);
        }
    }

    private static void Document(ref Violations v, Document d)
    {
        v.Defined("document.type", d.Type);
        v.MaxLength("document.number", d.Number, RequestLimits.NumberLength);
        v.MaxLength("document.holder_name", d.HolderName, RequestLimits.HolderNameLength);
        v.MaxLength("document.holder_name_en", d.HolderNameEn, RequestLimits.HolderNameLength);
        if (d.IssueDate is not null)
        {
            Date(ref v, "document.issue_date", d.IssueDate);
        }

        if (d.ExpiryDate is not null)
        {
            Date(ref v, "document.expiry_date", d.ExpiryDate);
            if (d.LongTerm)
            {
                v.Add("document.expiry_date", "must be unset when long_term is true");
            }
        }

        if (d.Files.Count > RequestLimits.Files)
        {
            v.Add("document.files", $"holds more than {RequestLimits.Files} files");
            return;
        }

        for (var i = 0; i < d.Files.Count; i++)
        {
            var f = d.Files[i];
            if (f.FileName.Length > RequestLimits.FileNameLength)
            {
                v.Add(File(i, "file_name"), $"is longer than {RequestLimits.FileNameLength} characters");
            }

            if (f.SizeBytes < 0)
            {
                v.Add(File(i, "size_bytes"), "must not be negative");
            }

            if (!Enum.IsDefined(f.DetectedFormat))
            {
                v.Add(File(i, "detected_format"), "is not a value of ImageFormat");
            }

            if (f.LeadingBytes.Length > RequestLimits.LeadingBytes)
            {
                v.Add(File(i, "leading_bytes"), $"holds more than {RequestLimits.LeadingBytes} bytes");
            }

            if (!Enum.IsDefined(f.ColorMode))
            {
                v.Add(File(i, "color_mode"), "is not a value of ColorMode");
            }

            if (!Enum.IsDefined(f.Channel))
            {
                v.Add(File(i, "channel"), "is not a value of UploadChannel");
            }
        }
    }

    private static string File(int index, string field) => $"document.files[{index}].{field}";

    private static void Subject(ref Violations v, Subject s)
    {
        v.Defined("subject.type", s.Type);
        v.Defined("subject.region", s.Region);
        if (s.HasAccountsHeld && s.AccountsHeld < 0)
        {
            v.Add("subject.accounts_held", "must not be negative");
        }

        v.MaxLength("subject.phone_country_code", s.PhoneCountryCode, RequestLimits.PhoneCountryCodeLength);
    }

    // A google.type.Date that names one real day: year, month and day all set.
    private static void Date(ref Violations v, string field, Google.Type.Date date)
    {
        if (date.Year is < 1 or > 9999 || date.Month is < 1 or > 12
            || date.Day < 1 || date.Day > DateTime.DaysInMonth(date.Year, date.Month))
        {
            v.Add(field, "is not a full, existing calendar date");
        }
    }

    private static bool ValidTimestamp(ref Violations v, string field, Timestamp t)
    {
        if (t.Seconds is < MinTimestampSeconds or > MaxTimestampSeconds || t.Nanos is < 0 or > 999_999_999)
        {
            v.Add(field, "is not a valid timestamp");
            return false;
        }

        return true;
    }

    // The violations found so far; the list is made only when there is one.
    private struct Violations
    {
        private List<FieldViolation>? _list;

        public void Add(string field, string description) => (_list ??= []).Add(new FieldViolation(field, description));

        public void MaxLength(string field, string value, int max)
        {
            if (value.Length > max && CharacterCount(value) > max)
            {
                Add(field, $"is longer than {max} characters");
            }
        }

        public void Defined<T>(string field, T value)
            where T : struct, Enum
        {
            if (!Enum.IsDefined(value))
            {
                Add(field, $"is not a value of {typeof(T).Name}");
            }
        }

        public readonly RequestError? Result(FailureCatalog catalog, string platform)
        {
            if (_list is not null)
            {
                return RequestError.Invalid(_list);
            }

            return platform.Length > 0 && !catalog.TryGetPlatform(platform, out _) ? RequestError.PlatformNotFound("platform") : null;
        }

        // Characters as a reader counts them: a surrogate pair is one.
        private static int CharacterCount(string value)
        {
            var count = value.Length;
            foreach (var c in value)
            {
                if (char.IsLowSurrogate(c))
                {
                    count--;
                }
            }

            return count;
        }
    }
}
