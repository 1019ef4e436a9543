using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using RealNameApi.Contracts.V1;

namespace RealNameApi.Diagnosis.Engine;

/// <summary>
/// Opaque <c>ListFailureRules</c> page tokens (AIP-158): the offset of the next rule, bound to
/// the filters it was issued for, so a token replayed with other filters is refused rather than
/// silently paging through another list. Layout before base64url: a version byte, the offset
/// (4 bytes, big-endian) and 8 bytes of SHA-256 over the filters.
/// </summary>
internal static class PageToken
{
    private const byte Version = 1;
    private const int Length = 1 + 4 + 8;

    public static string Encode(int offset, string platform, Category category)
    {
        Span<byte> bytes = stackalloc byte[Length];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt32BigEndian(bytes[1..], offset);
        FilterHash(platform, category, bytes[5..]);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Reads a token; false when it is malformed or was issued for other filters.</summary>
    public static bool TryDecode(string token, string platform, Category category, out int offset)
    {
        offset = 0;
        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - (base64.Length % 4)) % 4);
        Span<byte> bytes = stackalloc byte[Length + 3];
        if (token.Length > 32 || !Convert.TryFromBase64String(base64, bytes, out var written) || written != Length || bytes[0] != Version)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[8];
        FilterHash(platform, category, expected);
        offset = BinaryPrimitives.ReadInt32BigEndian(bytes[1..]);
        return offset >= 0 && bytes.Slice(5, 8).SequenceEqual(expected);
    }

    private static void FilterHash(string platform, Category category, Span<byte> destination)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{platform}\n{(int)category}"), hash);
        hash[..destination.Length].CopyTo(destination);
    }
}
