using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;

namespace RealNameApi.Server.Auth;

/// <summary>
/// The configured API keys, found by the SHA-256 of a presented key in time that does not depend
/// on the key: the presented key is hashed (SHA-256 takes the same time for any key of a given
/// length), and its hash is compared with every configured hash by
/// <see cref="CryptographicOperations.FixedTimeEquals"/>, always all of them, without stopping
/// at a match. What a caller could time is then only how many keys are configured and whether
/// one matched, which the answer says anyway. (Even a comparison that stopped early would leak
/// only a prefix of a hash, from which no key can be recovered; this does not rely on that.)
/// <para>
/// Each key's ticket (its principal and claims) is made once, here, and every call with the key
/// gets that one, rather than a new identity, claims and ticket each call. Nothing in the server changes a principal, and
/// one ticket only ever serves the calls of its own key, so of its own tenant.
/// </para>
/// </summary>
public sealed class ApiKeyRegistry
{
    private readonly (byte[] Hash, AuthenticationTicket Ticket)[] _keys;

    public ApiKeyRegistry(AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _keys = [.. options.Keys.Select(k => (Convert.FromHexString(k.Sha256), ApiKeyAuthenticationHandler.TicketOf(k.Id, k.Tenant, k.Roles)))];
    }

    /// <summary>Whether any key is configured.</summary>
    public bool HasKeys => _keys.Length > 0;

    /// <summary>The ticket of the key's caller, or null when no configured key is this one.</summary>
    public AuthenticationTicket? Find(ReadOnlySpan<char> presented)
    {
        if (presented.Length > AuthOptions.MaxKeyLength)
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[Encoding.UTF8.GetMaxByteCount(AuthOptions.MaxKeyLength)];
        var length = Encoding.UTF8.GetBytes(presented, bytes);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes[..length], hash);
        CryptographicOperations.ZeroMemory(bytes);

        AuthenticationTicket? found = null;
        foreach (var (configured, ticket) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(configured, hash))
            {
                found = ticket;
            }
        }

        return found;
    }
}
