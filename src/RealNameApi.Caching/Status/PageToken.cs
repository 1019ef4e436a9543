using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using RealNameApi.Caching.Keys;
using RealNameApi.Contracts.V1;

namespace RealNameApi.Caching.Status;

/// <summary>
/// Opaque page tokens: where the previous page ended (the last case's update time and id),
/// signed together with the tenant and the filters, so a token works only for the query that issued it.
/// </summary>
internal readonly record struct PageToken(long UpdatedMs, string CaseId)
{
    private const byte Version = 1;
    private const int SignatureLength = 16;
    private const int HeaderLength = 1 + 8;
    private const int MaxCaseIdLength = 64;

    public string Encode(KeyedHasher hasher, TenantNamespace tenant, string? platform, VerificationState state)
    {
        var content = new byte[HeaderLength + Encoding.ASCII.GetByteCount(CaseId) + SignatureLength];
        content[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(content.AsSpan(1), UpdatedMs);
        Encoding.ASCII.GetBytes(CaseId, content.AsSpan(HeaderLength));
        var signed = content.AsSpan(0, content.Length - SignatureLength);
        Sign(hasher, signed, tenant, platform, state, content.AsSpan(signed.Length));
        return Base64Url.EncodeToString(content);
    }

    /// <summary>The cursor in a token, or null for the first page.</summary>
    /// <exception cref="StatusQueryException">The token was not issued for these filters.</exception>
    public static PageToken? Decode(KeyedHasher hasher, TenantNamespace tenant, string? token, string? platform, VerificationState state)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        byte[] content;
        try
        {
            content = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            throw Invalid();
        }

        if (content.Length <= HeaderLength + SignatureLength
            || content.Length > HeaderLength + MaxCaseIdLength + SignatureLength
            || content[0] != Version)
        {
            throw Invalid();
        }

        var signed = content.AsSpan(0, content.Length - SignatureLength);
        Span<byte> expected = stackalloc byte[SignatureLength];
        Sign(hasher, signed, tenant, platform, state, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, content.AsSpan(signed.Length)))
        {
            throw Invalid();
        }

        return new PageToken(
            BinaryPrimitives.ReadInt64BigEndian(content.AsSpan(1)),
            Encoding.ASCII.GetString(signed[HeaderLength..]));
    }

    private static void Sign(KeyedHasher hasher, ReadOnlySpan<byte> content, TenantNamespace tenant, string? platform, VerificationState state, Span<byte> signature)
    {
        // The tenant is signed too: a token is good only for the tenant it was issued to.
        var filters = Encoding.UTF8.GetBytes($"{tenant.Id}\n{platform}\n{(int)state}\n");
        var message = new byte[filters.Length + content.Length];
        filters.CopyTo(message, 0);
        content.CopyTo(message.AsSpan(filters.Length));
        hasher.SignPageToken(message, signature);
    }

    private static StatusQueryException Invalid() =>
        new("page_token", "The page token was not issued by this service for the same platform and state.");
}
