using System.Globalization;
using Google.Protobuf;
using RealNameApi.Contracts.V1;

namespace RealNameApi.Diagnosis.Evaluation;

/// <summary>Turns a case into the request the service would receive.</summary>
internal static class Requests
{
    public static DiagnoseRequest From(Case c)
    {
        var request = new DiagnoseRequest { Platform = c.Platform, Message = c.Message ?? "", Code = c.Code ?? "" };
        if (c.OccurredAt is { } occurred)
        {
            // Mid-morning in Shanghai: the date is what counts.
            var local = Day(occurred).ToDateTime(new TimeOnly(10, 0));
            request.OccurredAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(new DateTimeOffset(local, TimeSpan.FromHours(8)));
        }

        if (c.Document is { } d)
        {
            var document = new Document
            {
                Type = Parse<DocumentType>(d.Type, "DOCUMENT_TYPE_"),
                Number = d.Number ?? "",
                HolderName = d.HolderName ?? "",
                HolderNameEn = d.HolderNameEn ?? "",
                LongTerm = d.LongTerm,
                IssueDate = d.IssueDate is { } issue ? Date(issue) : null,
                ExpiryDate = d.ExpiryDate is { } expiry ? Date(expiry) : null,
            };
            foreach (var f in d.Files)
            {
                document.Files.Add(new DocumentFile
                {
                    FileName = f.FileName ?? "",
                    SizeBytes = f.SizeBytes,
                    DetectedFormat = Parse<ImageFormat>(f.DetectedFormat, "IMAGE_FORMAT_"),
                    LeadingBytes = f.LeadingBytes is { } b ? ByteString.FromBase64(b) : ByteString.Empty,
                    ColorMode = Parse<ColorMode>(f.ColorMode, "COLOR_MODE_"),
                    Channel = Parse<UploadChannel>(f.Channel, "UPLOAD_CHANNEL_"),
                });
            }

            request.Document = document;
        }

        if (c.Subject is { } s)
        {
            request.Subject = new Subject { Type = Parse<SubjectType>(s.Type, "SUBJECT_TYPE_"), Region = Parse<Region>(s.Region, "REGION_") };
            if (s.AccountsHeld is { } held)
            {
                request.Subject.AccountsHeld = held;
            }
        }

        return request;
    }

    public static DateOnly Day(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static T Parse<T>(string? name, string prefix)
        where T : struct, Enum
    {
        if (string.IsNullOrEmpty(name))
        {
            return default;
        }

        // The generated C# names are the proto names in Pascal case without the prefix.
        var pascal = string.Concat(name.Split('_').Select(w => w[..1] + w[1..].ToLowerInvariant()));
        return Enum.TryParse<T>(pascal, ignoreCase: true, out var value) ? value : throw new FormatException($"'{name}' is not a {typeof(T).Name} ({prefix}...)");
    }

    private static Google.Type.Date Date(string iso)
    {
        var day = Day(iso);
        return new Google.Type.Date { Year = day.Year, Month = day.Month, Day = day.Day };
    }
}
