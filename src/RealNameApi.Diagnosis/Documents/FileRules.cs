using System.Buffers;
using RealNameApi.Contracts.V1;

namespace RealNameApi.Diagnosis.Documents;

/// <summary>
/// Checks each uploaded file against the upload limits of its channel (a file with no channel is
/// taken as a console upload): size, accepted format and colour; and, whatever the platform,
/// whether the extension matches the real format read from the leading bytes (a renamed file).
/// </summary>
/// <remarks>
/// Sizes in limits are bytes, and the platforms' "KB" and "MB" are binary: the console's 55 KB to
/// 5 MB is 55 × 1024 = 56,320 to 5 × 1024 × 1024 = 5,242,880 bytes. Messages show them the same way.
/// </remarks>
internal static class FileRules
{
    // The contract allows 8 files; their field paths are made once rather than per request.
    private static readonly string[] FieldPaths = [.. Enumerable.Range(0, 8).Select(i => $"document.files[{i}]")];

    private static readonly SearchValues<char> ExtensionCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");

    public static void Check(IReadOnlyList<DocumentFile> files, IReadOnlyList<UploadLimits> uploadLimits, FindingCollector findings)
    {
        for (var i = 0; i < files.Count; i++)
        {
            CheckFile(files[i], FieldOf(i), uploadLimits, findings);
        }
    }

    /// <summary>The limits for a file's channel; null when the platform gives none for it.</summary>
    public static UploadLimits? LimitsFor(UploadChannel channel, IReadOnlyList<UploadLimits> uploadLimits)
    {
        var wanted = channel == UploadChannel.Unspecified ? UploadChannel.Console : channel;
        foreach (var limits in uploadLimits)
        {
            if (limits.Channel == wanted)
            {
                return limits;
            }
        }

        return null;
    }

    private static void CheckFile(DocumentFile file, string field, IReadOnlyList<UploadLimits> uploadLimits, FindingCollector findings)
    {
        var locale = findings.Locale;

        // The bytes are the truth; the caller's own detection stands in when no bytes were sent.
        var sniffed = ImageSniffer.Detect(file.LeadingBytes.Span);
        var real = sniffed != ImageFormat.Unspecified ? sniffed : file.DetectedFormat;
        var claimed = ImageSniffer.FromExtension(file.FileName);
        if (real != ImageFormat.Unspecified && claimed != ImageFormat.Unspecified && real != claimed)
        {
            findings.Add(FindingCode.FileExtensionMismatch, FindingSeverity.Error, field, FindingTexts.FileExtensionMismatch,
                DocumentNames.Of(real, locale), ShowExtension(file.FileName));
        }

        var limits = LimitsFor(file.Channel, uploadLimits);
        if (limits is not null)
        {
            // A size of 0 is "not given": an empty upload never reaches a platform.
            if (file.SizeBytes > 0 && file.SizeBytes < limits.MinBytes)
            {
                AddSize(FindingCode.FileTooSmall, FindingTexts.FileTooSmall, file, limits, field, findings);
            }
            else if (limits.MaxBytes > 0 && file.SizeBytes > limits.MaxBytes)
            {
                AddSize(FindingCode.FileTooLarge, FindingTexts.FileTooLarge, file, limits, field, findings);
            }

            var format = real != ImageFormat.Unspecified ? real : claimed;
            if (format != ImageFormat.Unspecified && limits.Formats.Count > 0 && !limits.Formats.Contains(format))
            {
                findings.Add(FindingCode.FileFormat, FindingSeverity.Error, field, FindingTexts.FileFormatRefused,
                    DocumentNames.Of(format, locale), DocumentNames.List(limits.Formats, locale));
            }
        }

        // Without the platform's limits colour is still what platforms commonly require, so a
        // black-and-white image is a warning; with limits that require colour it is an error.
        if (file.ColorMode is ColorMode.Grayscale or ColorMode.BlackAndWhite && (limits is null || limits.ColorRequired))
        {
            var severity = limits is null ? FindingSeverity.Warning : FindingSeverity.Error;
            var mode = file.ColorMode == ColorMode.Grayscale ? FindingTexts.Grayscale : FindingTexts.BlackAndWhite;
            findings.Add(FindingCode.FileNotColor, severity, field, FindingTexts.FileNotColor, findings.Say(mode));
        }
    }

    private static string FieldOf(int index) => index < FieldPaths.Length ? FieldPaths[index] : $"document.files[{index}]";

    private static void AddSize(FindingCode code, Localization.LocalizedText text, DocumentFile file, UploadLimits limits, string field, FindingCollector findings) =>
        findings.Add(code, FindingSeverity.Error, field, text,
            DocumentNames.Size(file.SizeBytes, findings.Locale),
            DocumentNames.Size(limits.MinBytes, findings.Locale),
            DocumentNames.Size(limits.MaxBytes, findings.Locale));

    /// <summary>
    /// The extension as a message may show it. Only the extension is shown, never the rest of the
    /// file name (which may hold a name); anything unusual is left out.
    /// </summary>
    private static string ShowExtension(string fileName)
    {
        var extension = ImageSniffer.Extension(fileName);
        if (extension.Length > 8 || extension.ContainsAnyExcept(ExtensionCharacters))
        {
            return "?";
        }

        return extension.ToString();
    }
}
