using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RealNameApi.Caching.Configuration;

namespace RealNameApi.Caching.Keys;

/// <summary>
/// Turns personal inputs into opaque identifiers: cache keys, case ids and page-token signatures
/// are HMAC-SHA256 under a secret, so someone reading Redis cannot test guesses of an ID number
/// or a case reference against them without the secret.
/// </summary>
public sealed class KeyedHasher
{
    private const int HashLength = 32;
    private const int EncodedHashLength = 43; // unpadded base64url of 32 bytes
    private const int StackBufferLength = 1024;

    // One sub-key per purpose, so a hash made for one purpose never equals one made for another.
    private readonly byte[] _resultKey;
    private readonly byte[] _caseKey;
    private readonly byte[] _pageTokenKey;
    private readonly byte[] _tenantKey;
    private readonly string _keyPrefix;

    // The result key is made on every Diagnose, hit or miss: an HMAC set up once per thread and
    // reset after each hash skips the key schedule that the one-shot HMACSHA256.HashData runs
    // every time (about 2.1 vs 0.8-1.0 us for a 160-byte request in a micro-benchmark here).
    // Per thread, for the one hasher a server has (another hasher's key replaces it); freed by
    // its finalizer once the thread has ended.
    [ThreadStatic]
    private static ResultHmac? t_resultHmac;

    /// <summary>Creates the hasher from the <c>Cache:KeySecret</c> and <c>Redis:KeyPrefix</c> settings.</summary>
    public KeyedHasher(IOptions<CacheOptions> cacheOptions, IOptions<RedisOptions> redisOptions, ILogger<KeyedHasher> logger)
    {
        ArgumentNullException.ThrowIfNull(cacheOptions);
        ArgumentNullException.ThrowIfNull(redisOptions);
        ArgumentNullException.ThrowIfNull(logger);

        byte[] secret;
        if (cacheOptions.Value.KeySecret.Length > 0)
        {
            secret = Encoding.UTF8.GetBytes(cacheOptions.Value.KeySecret);
        }
        else
        {
            secret = RandomNumberGenerator.GetBytes(HashLength);
            if (redisOptions.Value.IsConfigured)
            {
                Log.KeySecretGenerated(logger);
            }
            else
            {
                // Nothing outlives the process in the embedded default, so a per-process secret loses nothing.
                Log.KeySecretGeneratedEmbedded(logger);
            }
        }

        _resultKey = HMACSHA256.HashData(secret, "realname result key"u8);
        _caseKey = HMACSHA256.HashData(secret, "realname case id"u8);
        _pageTokenKey = HMACSHA256.HashData(secret, "realname page token"u8);
        _tenantKey = HMACSHA256.HashData(secret, "realname tenant"u8);
        _keyPrefix = redisOptions.Value.KeyPrefix;
    }

    /// <summary>
    /// The cache key of an answer. Pass every input the answer depends on: the request as it
    /// determines the answer (for <c>Diagnose</c>, without <c>case_ref</c>), the catalog version,
    /// the locale and the Asia/Shanghai date the answer was computed for.
    /// </summary>
    /// <param name="tenant">The tenant whose answer it is: answers are cached per tenant (see the Caching README).</param>
    /// <param name="kind">What is cached, a short lower-case name such as <c>diagnose</c> or <c>validate</c>.</param>
    /// <param name="request">The request; its protobuf bytes are hashed, never stored.</param>
    /// <param name="catalogVersion">The version of the catalog that computes the answer.</param>
    /// <param name="locale">The locale of the answer's texts.</param>
    /// <param name="shanghaiDate">The date, in Asia/Shanghai, that the answer depends on.</param>
    public ResultCacheKey ResultKey(TenantNamespace tenant, string kind, IMessage request, string catalogVersion, string locale, DateOnly shanghaiDate)
    {
        ArgumentNullException.ThrowIfNull(tenant.Id, nameof(tenant));
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(catalogVersion);
        ArgumentNullException.ThrowIfNull(locale);
        if (!IsKindName(kind))
        {
            throw new ArgumentException("The kind must be 1 to 32 characters a-z, 0-9 or '-'.", nameof(kind));
        }

        // Length-prefixed fields, so ("ab", "c") and ("a", "bc") never hash alike; the request last.
        var requestLength = request.CalculateSize();
        var length = 4 + tenant.Id.Length
            + 4 + kind.Length
            + 4 + Encoding.UTF8.GetByteCount(catalogVersion)
            + 4 + Encoding.UTF8.GetByteCount(locale)
            + 4 + requestLength;
        byte[]? rented = null;
        var buffer = length <= StackBufferLength ? stackalloc byte[StackBufferLength] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var canonical = buffer[..length];
            var rest = WriteField(canonical, tenant.Id);
            rest = WriteField(rest, kind);
            rest = WriteField(rest, catalogVersion);
            rest = WriteField(rest, locale);
            BinaryPrimitives.WriteInt32BigEndian(rest, shanghaiDate.DayNumber);
            request.WriteTo(rest.Slice(4, requestLength));

            Span<byte> hash = stackalloc byte[HashLength];
            var hmac = t_resultHmac;
            if (hmac is null || hmac.Key != _resultKey)
            {
                hmac?.Hash.Dispose();
                t_resultHmac = hmac = new ResultHmac(_resultKey, IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _resultKey));
            }

            hmac.Hash.AppendData(canonical);
            hmac.Hash.GetHashAndReset(hash);
            Span<char> encoded = stackalloc char[EncodedHashLength];
            Base64Url.EncodeToChars(hash, encoded);
            // The tenant's id without braces: no hash tag, so on a Redis Cluster answers spread over
            // every shard by their own key, even those of one busy tenant.
            return new ResultCacheKey(string.Concat(_keyPrefix + "t:" + tenant.Id + ":result:", kind, ":", encoded));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented, clearArray: true);
            }
        }
    }

    /// <summary>
    /// The namespace of a tenant, by its name (<c>Auth:Keys:N:Tenant</c>): the same name gives
    /// the same namespace on every replica that shares the key secret.
    /// </summary>
    public TenantNamespace Tenant(string tenantName)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantName);
        Span<byte> hash = stackalloc byte[HashLength];
        HMACSHA256.HashData(_tenantKey, Encoding.UTF8.GetBytes(tenantName), hash);
        // 96 bits: short keys, and no two tenants of a deployment alike.
        return new TenantNamespace(Base64Url.EncodeToString(hash[..12]));
    }

    /// <summary>
    /// The case id of a caller's case reference within its tenant: a stable, opaque identifier
    /// that replaces the reference everywhere it is stored. Two tenants' cases with the same
    /// reference have different ids.
    /// </summary>
    public string CaseId(TenantNamespace tenant, string caseRef)
    {
        ArgumentNullException.ThrowIfNull(tenant.Id, nameof(tenant));
        ArgumentException.ThrowIfNullOrEmpty(caseRef);
        // The tenant's id first, length-prefixed (it is at most 43 ASCII characters), then the reference.
        var maxBytes = 1 + tenant.Id.Length + Encoding.UTF8.GetMaxByteCount(caseRef.Length);
        byte[]? rented = null;
        var buffer = maxBytes <= StackBufferLength ? stackalloc byte[StackBufferLength] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            buffer[0] = (byte)tenant.Id.Length;
            var written = 1 + Encoding.ASCII.GetBytes(tenant.Id, buffer[1..]);
            written += Encoding.UTF8.GetBytes(caseRef, buffer[written..]);
            Span<byte> hash = stackalloc byte[HashLength];
            HMACSHA256.HashData(_caseKey, buffer[..written], hash);
            return Base64Url.EncodeToString(hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented, clearArray: true);
            }
        }
    }

    /// <summary>Signs a page token's content, so tokens cannot be forged or moved to other filters.</summary>
    internal void SignPageToken(ReadOnlySpan<byte> content, Span<byte> signature)
    {
        Span<byte> hash = stackalloc byte[HashLength];
        HMACSHA256.HashData(_pageTokenKey, content, hash);
        hash[..signature.Length].CopyTo(signature);
    }

    private static Span<byte> WriteField(Span<byte> destination, string value)
    {
        var written = Encoding.UTF8.GetBytes(value, destination[4..]);
        BinaryPrimitives.WriteInt32BigEndian(destination, written);
        return destination[(4 + written)..];
    }

    private static bool IsKindName(string? kind)
    {
        if (kind is null || kind.Length is 0 or > 32)
        {
            return false;
        }

        foreach (var c in kind)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }

        return true;
    }

    // A thread's result HMAC and the key (by reference) it was made with.
    private sealed record ResultHmac(byte[] Key, IncrementalHash Hash);
}
