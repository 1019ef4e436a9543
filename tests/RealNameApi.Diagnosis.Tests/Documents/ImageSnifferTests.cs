using System.Text;
using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Documents;

namespace RealNameApi.Diagnosis.Tests.Documents;

public class ImageSnifferTests
{
    // Leading bytes of real files of each format (headers as the formats define them).
    public static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0x01];
    public static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];
    public static readonly byte[] Bmp = [(byte)'B', (byte)'M', 0x36, 0x00, 0x0C, 0x00, 0x00, 0x00, 0x00, 0x00, 0x36, 0x00, 0x00, 0x00];
    public static readonly byte[] Gif = Encoding.ASCII.GetBytes("GIF89a\x01\x00\x01\x00\x80\x00");
    public static readonly byte[] Webp = Encoding.ASCII.GetBytes("RIFF\x24\x00\x00\x00WEBPVP8 ");
    public static readonly byte[] Heic = [0x00, 0x00, 0x00, 0x18, .. "ftypheic"u8, 0x00, 0x00, 0x00, 0x00, .. "mif1heic"u8];
    public static readonly byte[] HeifGeneric = [0x00, 0x00, 0x00, 0x18, .. "ftypmif1"u8, 0x00, 0x00, 0x00, 0x00, .. "mif1heic"u8];
    public static readonly byte[] Avif = [0x00, 0x00, 0x00, 0x1C, .. "ftypavif"u8, 0x00, 0x00, 0x00, 0x00, .. "avifmif1"u8];
    public static readonly byte[] AvifAsMif1 = [0x00, 0x00, 0x00, 0x1C, .. "ftypmif1"u8, 0x00, 0x00, 0x00, 0x00, .. "mif1avif"u8];
    public static readonly byte[] Mp4 = [0x00, 0x00, 0x00, 0x20, .. "ftypisom"u8, 0x00, 0x00, 0x02, 0x00];
    public static readonly byte[] TiffLittleEndian = [(byte)'I', (byte)'I', 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];
    public static readonly byte[] TiffBigEndian = [(byte)'M', (byte)'M', 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00];
    public static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n%\xE2\xE3");
    public static readonly byte[] Zip = [(byte)'P', (byte)'K', 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00];

    public static TheoryData<byte[], ImageFormat> Signatures => new()
    {
        { Jpeg, ImageFormat.Jpeg },
        { Png, ImageFormat.Png },
        { Bmp, ImageFormat.Bmp },
        { Gif, ImageFormat.Gif },
        { Webp, ImageFormat.Webp },
        { Heic, ImageFormat.Heic },
        { HeifGeneric, ImageFormat.Heic },
        { Avif, ImageFormat.Other },
        { AvifAsMif1, ImageFormat.Other },
        { Mp4, ImageFormat.Other },
        { TiffLittleEndian, ImageFormat.Tiff },
        { TiffBigEndian, ImageFormat.Tiff },
        { Pdf, ImageFormat.Pdf },
        { Zip, ImageFormat.Other },
    };

    [Theory]
    [MemberData(nameof(Signatures))]
    public void TheFormatIsReadFromTheLeadingBytes(byte[] bytes, ImageFormat expected)
    {
        Assert.Equal(expected, ImageSniffer.Detect(bytes));
    }

    [Fact]
    public void TooFewUnknownBytesTellNothing()
    {
        Assert.Equal(ImageFormat.Unspecified, ImageSniffer.Detect([]));
        Assert.Equal(ImageFormat.Unspecified, ImageSniffer.Detect([0x00, 0x01, 0x02]));
        Assert.Equal(ImageFormat.Unspecified, ImageSniffer.Detect("RIFF"u8));
        Assert.Equal(ImageFormat.Jpeg, ImageSniffer.Detect([0xFF, 0xD8, 0xFF]));
    }

    [Theory]
    [InlineData("id.jpg", ImageFormat.Jpeg)]
    [InlineData("ID.JPEG", ImageFormat.Jpeg)]
    [InlineData("scan.png", ImageFormat.Png)]
    [InlineData("scan.bmp", ImageFormat.Bmp)]
    [InlineData("photo.HEIC", ImageFormat.Heic)]
    [InlineData("photo.heif", ImageFormat.Heic)]
    [InlineData("photo.webp", ImageFormat.Webp)]
    [InlineData("a.gif", ImageFormat.Gif)]
    [InlineData("a.tif", ImageFormat.Tiff)]
    [InlineData("a.pdf", ImageFormat.Pdf)]
    [InlineData("a.docx", ImageFormat.Other)]
    [InlineData("a.verylongextension", ImageFormat.Other)]
    [InlineData("noextension", ImageFormat.Unspecified)]
    [InlineData("", ImageFormat.Unspecified)]
    [InlineData("dir.v2/scan", ImageFormat.Unspecified)]
    public void TheExtensionClaimsAFormat(string fileName, ImageFormat expected)
    {
        Assert.Equal(expected, ImageSniffer.FromExtension(fileName));
    }
}
