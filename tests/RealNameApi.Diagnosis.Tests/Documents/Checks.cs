using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Calendars;
using RealNameApi.Diagnosis.Documents;
using RealNameApi.Diagnosis.Localization;

namespace RealNameApi.Diagnosis.Tests.Documents;

/// <summary>Shared fixtures: one checker, a fixed today, and the Alibaba Cloud upload limits of FACTS.md.</summary>
internal static class Checks
{
    public static readonly DateOnly Today = new(2026, 6, 1);

    public static readonly DocumentChecker Checker = new(new RetryWindowCalculator(WorkingDayCalendar.LoadEmbedded()));

    // Console: JPG, JPEG, PNG, BMP, HEIC, WebP, 55 KB to 5 MB, colour. KB and MB are binary.
    public static readonly UploadLimits Console = new()
    {
        Channel = UploadChannel.Console,
        MinBytes = 55 * 1024,
        MaxBytes = 5 * 1024 * 1024,
        Formats = { ImageFormat.Jpeg, ImageFormat.Png, ImageFormat.Bmp, ImageFormat.Heic, ImageFormat.Webp },
        ColorRequired = true,
    };

    // API: JPG or BMP only, 55 KB to 1 MB.
    public static readonly UploadLimits Api = new()
    {
        Channel = UploadChannel.Api,
        MinBytes = 55 * 1024,
        MaxBytes = 1024 * 1024,
        Formats = { ImageFormat.Jpeg, ImageFormat.Bmp },
        ColorRequired = true,
    };

    public static readonly UploadLimits[] AliyunLimits = [Console, Api];

    public static IReadOnlyList<DocumentFinding> Run(Document document, Subject? subject = null, Locale locale = Locale.ZhCN, IReadOnlyList<UploadLimits>? limits = null) =>
        Checker.Check(document, subject, limits ?? AliyunLimits, Today, locale);

    public static Document Numbered(string number, DocumentType type = DocumentType.ResidentIdCard) => new() { Type = type, Number = number };

    public static Google.Type.Date Date(int year, int month, int day) => new() { Year = year, Month = month, Day = day };

    /// <summary>The one finding with <paramref name="code"/>; fails when there is none or more.</summary>
    public static DocumentFinding Only(this IReadOnlyList<DocumentFinding> findings, FindingCode code) =>
        Assert.Single(findings, finding => finding.Code == code);

    public static IEnumerable<FindingCode> Codes(this IReadOnlyList<DocumentFinding> findings) => findings.Select(finding => finding.Code);
}
