using Google.Protobuf;
using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Localization;
using static RealNameApi.Diagnosis.Tests.Documents.Checks;

namespace RealNameApi.Diagnosis.Tests.Documents;

public class FileFindingTests
{
    private const long KB = 1024;
    private const long MB = 1024 * 1024;

    private static DocumentFile File(string name, long size, byte[]? bytes = null, UploadChannel channel = UploadChannel.Unspecified, ColorMode color = ColorMode.Color, ImageFormat detected = ImageFormat.Unspecified) => new()
    {
        FileName = name,
        SizeBytes = size,
        LeadingBytes = ByteString.CopyFrom(bytes ?? []),
        Channel = channel,
        ColorMode = color,
        DetectedFormat = detected,
    };

    private static IReadOnlyList<DocumentFinding> RunFiles(Locale locale, params DocumentFile[] files)
    {
        var document = new Document { Type = DocumentType.ResidentIdCard };
        document.Files.Add(files);
        return Run(document, locale: locale);
    }

    private static IReadOnlyList<DocumentFinding> RunFiles(params DocumentFile[] files) => RunFiles(Locale.ZhCN, files);

    [Fact]
    public void FilesWithinTheLimitsHaveNoFindings()
    {
        Assert.Empty(RunFiles(
            File("front.jpg", 200 * KB, ImageSnifferTests.Jpeg),
            File("back.png", 55 * KB, ImageSnifferTests.Png),
            File("photo.heic", 5 * MB, ImageSnifferTests.Heic),
            File("scan.webp", 1 * MB, ImageSnifferTests.Webp, UploadChannel.Console),
            File("scan.bmp", 1 * MB, ImageSnifferTests.Bmp, UploadChannel.Api)));
    }

    [Theory]
    [InlineData(55 * KB - 1, FindingCode.FileTooSmall)]
    [InlineData(40 * KB, FindingCode.FileTooSmall)]
    [InlineData(5 * MB + 1, FindingCode.FileTooLarge)]
    [InlineData(8 * MB, FindingCode.FileTooLarge)]
    public void TheConsoleTakes55KBTo5MB(long size, FindingCode expected)
    {
        var finding = Assert.Single(RunFiles(File("id.jpg", size, ImageSnifferTests.Jpeg)));

        Assert.Equal(expected, finding.Code);
        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Equal("document.files[0]", finding.Field);
    }

    [Fact]
    public void SizesAreShownInBinaryUnits()
    {
        var finding = Assert.Single(RunFiles(Locale.En, File("id.jpg", 40 * KB, ImageSnifferTests.Jpeg)));

        Assert.Contains("The file is 40 KB", finding.Message, StringComparison.Ordinal);
        Assert.Contains("55 KB to 5 MB", finding.Message, StringComparison.Ordinal);

        var odd = Assert.Single(RunFiles(Locale.En, File("id.jpg", (5 * MB) + 1, ImageSnifferTests.Jpeg)));
        Assert.Contains("5,242,881 bytes (about 5 MB)", odd.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheApiTakesJpgOrBmpUpTo1MB()
    {
        var findings = RunFiles(
            File("a.jpg", 2 * MB, ImageSnifferTests.Jpeg, UploadChannel.Api),
            File("b.png", 200 * KB, ImageSnifferTests.Png, UploadChannel.Api));

        Assert.Equal(FindingCode.FileTooLarge, findings.Single(f => f.Field == "document.files[0]").Code);
        var format = findings.Single(f => f.Field == "document.files[1]");
        Assert.Equal(FindingCode.FileFormat, format.Code);
        Assert.Contains("JPG/JPEG、BMP", format.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnspecifiedChannelIsTheConsole()
    {
        Assert.Empty(RunFiles(File("a.png", 2 * MB, ImageSnifferTests.Png, UploadChannel.Unspecified)));
    }

    [Fact]
    public void WithoutLimitsOnlyThePlatformIndependentChecksRun()
    {
        var document = new Document { Type = DocumentType.ResidentIdCard };
        document.Files.Add(File("a.gif", 10 * MB, ImageSnifferTests.Gif));
        document.Files.Add(File("b.jpg", 10, ImageSnifferTests.Png, color: ColorMode.BlackAndWhite));

        var findings = Run(document, limits: []);

        Assert.Equal([FindingCode.FileExtensionMismatch, FindingCode.FileNotColor], findings.Codes());
        Assert.Equal(FindingSeverity.Warning, findings[1].Severity);
    }

    [Theory]
    [InlineData("id.jpg", "PNG")]
    [InlineData("id.jpeg", "PNG")]
    [InlineData("id.png", "JPG/JPEG")]
    public void ARenamedFileIsAnExtensionMismatch(string name, string realFormat)
    {
        var bytes = realFormat == "PNG" ? ImageSnifferTests.Png : ImageSnifferTests.Jpeg;

        var finding = Assert.Single(RunFiles(Locale.En, File(name, 200 * KB, bytes)));

        Assert.Equal(FindingCode.FileExtensionMismatch, finding.Code);
        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Contains($"really {realFormat}", finding.Message, StringComparison.Ordinal);
        Assert.Contains($"\".{name.Split('.')[1]}\"", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDetectedFormatStandsInForMissingBytes()
    {
        var finding = Assert.Single(RunFiles(File("id.jpg", 200 * KB, detected: ImageFormat.Png)));

        Assert.Equal(FindingCode.FileExtensionMismatch, finding.Code);
    }

    [Fact]
    public void TheBytesWinOverTheDetectedFormat()
    {
        Assert.Empty(RunFiles(File("id.jpg", 200 * KB, ImageSnifferTests.Jpeg, detected: ImageFormat.Png)));
    }

    [Fact]
    public void APdfRenamedToJpgIsBothMismatchedAndRefused()
    {
        var findings = RunFiles(File("id.jpg", 200 * KB, ImageSnifferTests.Pdf));

        Assert.Equal([FindingCode.FileExtensionMismatch, FindingCode.FileFormat], findings.Codes());
    }

    [Fact]
    public void AnAvifNamedHeicIsCaught()
    {
        var findings = RunFiles(File("photo.heic", 200 * KB, ImageSnifferTests.Avif));

        Assert.Contains(FindingCode.FileExtensionMismatch, findings.Codes());
    }

    [Theory]
    [InlineData(ColorMode.Grayscale, "灰度")]
    [InlineData(ColorMode.BlackAndWhite, "黑白")]
    public void ABlackAndWhiteImageIsRefused(ColorMode color, string said)
    {
        var finding = Assert.Single(RunFiles(File("id.jpg", 200 * KB, ImageSnifferTests.Jpeg, color: color)));

        Assert.Equal(FindingCode.FileNotColor, finding.Code);
        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Contains(said, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EachFileHasItsOwnFieldPath()
    {
        var findings = RunFiles(
            File("ok.jpg", 200 * KB, ImageSnifferTests.Jpeg),
            File("small.jpg", 1 * KB, ImageSnifferTests.Jpeg));

        Assert.Equal("document.files[1]", Assert.Single(findings).Field);
    }

    [Fact]
    public void OnlyTheExtensionOfAFileNameIsShown()
    {
        var finding = Assert.Single(RunFiles(File("龚彧身份证正面.jpg", 200 * KB, ImageSnifferTests.Png)));

        Assert.DoesNotContain("龚彧", finding.Message, StringComparison.Ordinal);
        Assert.Contains("“.jpg”", finding.Message, StringComparison.Ordinal);
    }
}
