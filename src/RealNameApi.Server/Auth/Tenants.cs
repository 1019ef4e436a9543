using System.Collections.Concurrent;
using Grpc.Core;
using RealNameApi.Caching.Keys;

namespace RealNameApi.Server.Auth;

/// <summary>The tenant namespace of a call, from its key's tenant claim.</summary>
public sealed class Tenants(KeyedHasher hasher, AuthOptions auth)
{
    // One entry per configured tenant (and the open one): a bounded set.
    private readonly ConcurrentDictionary<string, TenantNamespace> _namespaces = new(StringComparer.Ordinal);

    /// <summary>The namespace of the caller's tenant.</summary>
    /// <exception cref="InvalidOperationException">The call was not authenticated, which authorization rules out.</exception>
    public TenantNamespace Of(ServerCallContext context)
    {
        var tenant = context.GetHttpContext().User.FindFirst(ApiKeyAuthenticationHandler.TenantClaim)?.Value
            ?? throw new InvalidOperationException("A call reached a service without an authenticated tenant.");
        return _namespaces.GetOrAdd(tenant, hasher.Tenant);
    }

    /// <summary>Every tenant a caller can act for: those of the configured keys, or the open one.</summary>
    public IReadOnlyList<TenantNamespace> All() => auth.HasKeys
        ? [.. auth.Keys.Select(k => k.Tenant).Distinct(StringComparer.Ordinal).Select(t => _namespaces.GetOrAdd(t, hasher.Tenant))]
        : [_namespaces.GetOrAdd(AuthOptions.OpenTenant, hasher.Tenant)];
}
