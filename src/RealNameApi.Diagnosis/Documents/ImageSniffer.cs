using RealNameApi.Contracts.V1;

namespace RealNameApi.Diagnosis.Documents;

/// <summary>
/// Tells an image's real format from its first bytes (magic numbers), and the format a file
/// name claims from its extension. Renaming a file changes the second, never the first.
/// </summary>
public static class ImageSniffer
{
    /// <summary>
    /// With fewer bytes than this and no match, the format cannot be told; with as many, a file
    /// that matches nothing is some other format. 12 bytes cover every signature below.
    /// </summary>
    public const int BytesToDecide = 12;

    // ISO BMFF major brands of HEIC/HEIF still images ("mif1"/"msf1" are generic HEIF; AVIF
    // uses them too, so their compatible brands are looked at).
    private static readonly byte[][] HeifBrands =
    [
        [.. "heic"u8], [.. "heix"u8], [.. "heim"u8], [.. "heis"u8], [.. "hevc"u8],
        [.. "hevx"u8], [.. "hevm"u8], [.. "hevs"u8], [.. "mif1"u8], [.. "msf1"u8],
    ];

    /// <summary>
    /// The format of the bytes: <see cref="ImageFormat.Unspecified"/> when too few bytes were
    /// given to tell, <see cref="ImageFormat.Other"/> when they match no known format.
    /// </summary>
    public static ImageFormat Detect(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return ImageFormat.Jpeg;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ImageFormat.Png;
        }

        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8))
        {
            return ImageFormat.Gif;
        }

        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return ImageFormat.Webp;
        }

        if (bytes.Length >= 12 && bytes.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            return IsHeif(bytes) ? ImageFormat.Heic : ImageFormat.Other;
        }

        if (bytes.StartsWith("II*\0"u8) || bytes.StartsWith("MM\0*"u8))
        {
            return ImageFormat.Tiff;
        }

        if (bytes.StartsWith("%PDF-"u8))
        {
            return ImageFormat.Pdf;
        }

        // "BM" alone is a weak signature, so it is tried last.
        if (bytes.StartsWith("BM"u8) && bytes.Length >= 6)
        {
            return ImageFormat.Bmp;
        }

        return bytes.Length >= BytesToDecide ? ImageFormat.Other : ImageFormat.Unspecified;
    }

    /// <summary>
    /// The format a file name's extension claims: <see cref="ImageFormat.Unspecified"/> without an
    /// extension, <see cref="ImageFormat.Other"/> for an extension of no image format listed.
    /// </summary>
    public static ImageFormat FromExtension(string? fileName)
    {
        var extension = Extension(fileName);
        if (extension.IsEmpty)
        {
            return ImageFormat.Unspecified;
        }

        Span<char> lower = stackalloc char[8];
        if (extension.Length > lower.Length)
        {
            return ImageFormat.Other;
        }

        lower = lower[..extension.ToLowerInvariant(lower)];
        return lower switch
        {
            "jpg" or "jpeg" or "jpe" or "jfif" => ImageFormat.Jpeg,
            "png" => ImageFormat.Png,
            "bmp" or "dib" => ImageFormat.Bmp,
            "heic" or "heif" or "hif" => ImageFormat.Heic,
            "webp" => ImageFormat.Webp,
            "gif" => ImageFormat.Gif,
            "tif" or "tiff" => ImageFormat.Tiff,
            "pdf" => ImageFormat.Pdf,
            _ => ImageFormat.Other,
        };
    }

    /// <summary>The extension of <paramref name="fileName"/> without its dot; empty when it has none.</summary>
    public static ReadOnlySpan<char> Extension(string? fileName)
    {
        var name = Path.GetFileName(fileName.AsSpan());
        var dot = name.LastIndexOf('.');
        return dot < 0 ? [] : name[(dot + 1)..].Trim();
    }

    private static bool IsHeif(ReadOnlySpan<byte> bytes)
    {
        var major = bytes.Slice(8, 4);
        var isHeifBrand = false;
        foreach (var brand in HeifBrands)
        {
            if (major.SequenceEqual(brand))
            {
                isHeifBrand = true;
                break;
            }
        }

        if (!isHeifBrand)
        {
            return false;
        }

        // Compatible brands follow the major brand and minor version (offset 16, 4 bytes each).
        for (var offset = 16; offset + 4 <= bytes.Length; offset += 4)
        {
            var brand = bytes.Slice(offset, 4);
            if (brand.SequenceEqual("avif"u8) || brand.SequenceEqual("avis"u8))
            {
                return false;
            }
        }

        return true;
    }
}
