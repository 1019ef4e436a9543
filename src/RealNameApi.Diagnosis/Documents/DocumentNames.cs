using System.Globalization;
using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Localization;

namespace RealNameApi.Diagnosis.Documents;

/// <summary>The names findings use for document types, regions, formats and sizes, zh-CN and en.</summary>
internal static class DocumentNames
{
    /// <summary>1 KB as upload limits mean it: 1024 bytes (55 KB = 56,320 bytes).</summary>
    public const long Kilobyte = 1024;

    /// <summary>1 MB as upload limits mean it: 1024 × 1024 bytes (5 MB = 5,242,880 bytes).</summary>
    public const long Megabyte = 1024 * 1024;

    public static LocalizedText Of(DocumentType type) => type switch
    {
        DocumentType.ResidentIdCard => new("居民身份证", "resident identity card"),
        DocumentType.TemporaryIdCard => new("临时居民身份证", "temporary resident identity card"),
        DocumentType.Passport => new("护照", "passport"),
        DocumentType.HkMacaoTravelPermit => new("港澳居民来往内地通行证", "Mainland Travel Permit for Hong Kong and Macao Residents"),
        DocumentType.TaiwanTravelPermit => new("台湾居民来往大陆通行证", "Mainland Travel Permit for Taiwan Residents"),
        DocumentType.HmtResidencePermit => new("港澳台居民居住证", "Residence Permit for Hong Kong, Macao and Taiwan Residents"),
        DocumentType.ForeignPermanentResidenceCard => new("外国人永久居留身份证", "Foreign Permanent Resident ID Card"),
        DocumentType.HouseholdRegister => new("户口簿", "household register"),
        DocumentType.BusinessLicense => new("营业执照", "business licence"),
        DocumentType.UsccCertificate => new("统一社会信用代码证书", "unified social credit code certificate"),
        DocumentType.OrganizationCodeCertificate => new("组织机构代码证", "organisation code certificate"),
        DocumentType.MilitaryUnitDocument => new("部队代号或军队单位对外有偿服务许可证", "military unit document"),
        DocumentType.OverseasOrganizationCertificate => new("境外机构证件", "overseas organisation certificate"),
        _ => new("其他证件", "other document"),
    };

    public static LocalizedText Of(Region region) => region switch
    {
        Region.Mainland => new("中国内地", "mainland China"),
        Region.HongKong => new("中国香港", "Hong Kong"),
        Region.Macao => new("中国澳门", "Macao"),
        Region.Taiwan => new("中国台湾", "Taiwan"),
        Region.Overseas => new("其他国家和地区", "another country or region"),
        _ => new("未选择", "none"),
    };

    public static string Of(ImageFormat format, Locale locale) => format switch
    {
        ImageFormat.Jpeg => "JPG/JPEG",
        ImageFormat.Png => "PNG",
        ImageFormat.Bmp => "BMP",
        ImageFormat.Heic => "HEIC",
        ImageFormat.Webp => "WebP",
        ImageFormat.Gif => "GIF",
        ImageFormat.Tiff => "TIFF",
        ImageFormat.Pdf => "PDF",
        _ => locale == Locale.En ? "another format" : "其他格式",
    };

    /// <summary>Regions joined by "or", such as <c>中国香港或中国澳门</c>.</summary>
    public static string Either(ReadOnlySpan<Region> regions, Locale locale) =>
        string.Join(locale == Locale.En ? " or " : "或", ToStrings(regions, locale));

    /// <summary>Formats joined by a comma, such as <c>JPG/JPEG, BMP</c>.</summary>
    public static string List(IEnumerable<ImageFormat> formats, Locale locale) =>
        string.Join(locale == Locale.En ? ", " : "、", formats.Select(format => Of(format, locale)));

    /// <summary>
    /// A size as a person reads it: exact KB or MB (binary units, as upload limits are given)
    /// when it is a whole number of them, else the bytes with an approximation.
    /// </summary>
    public static string Size(long bytes, Locale locale)
    {
        var culture = CultureInfo.InvariantCulture;
        if (bytes > 0 && bytes % Megabyte == 0)
        {
            return string.Create(culture, $"{bytes / Megabyte} MB");
        }

        if (bytes > 0 && bytes % Kilobyte == 0)
        {
            return string.Create(culture, $"{bytes / Kilobyte} KB");
        }

        var approximately = bytes >= Megabyte
            ? string.Create(culture, $"{bytes / (double)Megabyte:0.##} MB")
            : string.Create(culture, $"{bytes / (double)Kilobyte:0.##} KB");
        return locale == Locale.En
            ? string.Create(culture, $"{bytes:N0} bytes (about {approximately})")
            : string.Create(culture, $"{bytes:N0} 字节(约{approximately})");
    }

    private static string[] ToStrings(ReadOnlySpan<Region> regions, Locale locale)
    {
        var names = new string[regions.Length];
        for (var i = 0; i < regions.Length; i++)
        {
            names[i] = Of(regions[i]).For(locale);
        }

        return names;
    }
}
