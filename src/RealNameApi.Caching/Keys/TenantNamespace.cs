namespace RealNameApi.Caching.Keys;

/// <summary>
/// The namespace of one tenant's data: every case, index, watch and cached answer lives under it.
/// Made by <see cref="KeyedHasher.Tenant"/> from the tenant's name, a short keyed hash, so a
/// Redis key shows which keys belong together but not whose they are. In Redis it is the hash
/// tag (<c>{t:&lt;id&gt;}</c>) of every key of the tenant: on a Redis Cluster a tenant's keys
/// share one slot (its scripts stay atomic) while tenants spread over the shards.
/// </summary>
public readonly record struct TenantNamespace
{
    /// <summary>The longest id: unpadded base64url of a 32-byte hash.</summary>
    public const int MaxIdLength = 43;

    /// <summary>A namespace from its id: 1 to 43 characters A-Z, a-z, 0-9, '-' or '_'.</summary>
    public TenantNamespace(string id)
    {
        if (!IsId(id))
        {
            throw new ArgumentException("A tenant namespace id is 1 to 43 characters A-Z, a-z, 0-9, '-' or '_'.", nameof(id));
        }

        Id = id;
    }

    /// <summary>The id, safe in key names and channel names.</summary>
    public string Id { get; }

    /// <summary>The Redis hash tag of the namespace, <c>{t:id}</c>.</summary>
    public string HashTag => "{t:" + Id + "}";

    /// <summary>A case's identity across tenants, for maps and notifications that hold several tenants' cases.</summary>
    public string Qualify(string caseId) => Id + "/" + caseId;

    /// <inheritdoc/>
    public override string ToString() => Id;

    private static bool IsId(string? id)
    {
        if (id is null || id.Length is 0 or > MaxIdLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
