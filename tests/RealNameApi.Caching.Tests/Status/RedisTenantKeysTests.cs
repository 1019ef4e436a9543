using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RealNameApi.Caching.Configuration;
using RealNameApi.Caching.Status;
using RealNameApi.Caching.Tests.Infrastructure;
using RealNameApi.Contracts.V1;
using StackExchange.Redis;

namespace RealNameApi.Caching.Tests.Status;

/// <summary>
/// The Redis layout of tenants, ready for a Redis Cluster: every key of a tenant's cases carries
/// the tenant's hash tag (one slot per tenant), no key is outside a tenant, and index sets expire
/// with their cases.
/// </summary>
[Collection(SharedRedis.Name)]
public sealed partial class RedisTenantKeysTests(RedisWithAdmin redis)
{
    [Fact]
    public async Task Every_status_key_is_under_its_tenants_hash_tag_and_expires()
    {
        var prefix = Parts.UniquePrefix();
        var hasher = Parts.Hasher(prefix: prefix);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var connection = Parts.Connect(redis, prefix);
        using var store = new RedisStatusStore(connection, Parts.Breaker(), hasher, new StatusOptions(), time, NullLogger<RedisStatusStore>.Instance);
        var a = hasher.Tenant("acme");
        var b = hasher.Tenant("globex");
        foreach (var tenant in new[] { a, b })
        {
            await store.RecordAsync(tenant, hasher.CaseId(tenant, "ref-1"), Parts.Diagnosis(Outcome.FixAndRetry));
            await store.RecordAsync(tenant, hasher.CaseId(tenant, "ref-2"), Parts.Diagnosis(Outcome.WaitThenRetry, earliest: time.GetUtcNow().AddDays(1), latest: time.GetUtcNow().AddDays(2)));
        }

        var server = redis.Admin.GetServer(redis.Admin.GetEndPoints()[0]);
        var keys = server.Keys(pattern: prefix + "*").Select(k => (string)k!).ToList();
        Assert.NotEmpty(keys);
        var tags = new HashSet<string>();
        foreach (var key in keys)
        {
            var match = TenantKey().Match(key[prefix.Length..]);
            Assert.True(match.Success, $"{key} is not under a tenant's hash tag");
            tags.Add(match.Groups[1].Value);
            var ttl = await redis.Admin.GetDatabase().KeyTimeToLiveAsync(key);
            Assert.True(ttl > TimeSpan.Zero, $"{key} has no TTL: an idle tenant's keys would stay for ever");
        }

        Assert.Equal(new HashSet<string> { a.Id, b.Id }, tags);
        // Each tenant's keys hash to one slot, the slot of its tag.
        foreach (var tenant in new[] { a, b })
        {
            var slots = keys.Where(k => k.Contains(tenant.HashTag, StringComparison.Ordinal)).Select(k => server.Multiplexer.GetHashSlot(k)).Distinct().ToList();
            Assert.Single(slots);
        }
    }

    [GeneratedRegex(@"^\{t:([A-Za-z0-9_-]+)\}:status:(cases|idx|opens|expiry)$")]
    private static partial Regex TenantKey();
}
