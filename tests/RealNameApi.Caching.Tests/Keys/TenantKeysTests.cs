using Google.Protobuf.WellKnownTypes;
using RealNameApi.Caching.Keys;
using RealNameApi.Caching.Tests.Infrastructure;
using RealNameApi.Contracts.V1;

namespace RealNameApi.Caching.Tests.Keys;

/// <summary>Tenant namespaces and the ids and keys made in them.</summary>
public sealed class TenantKeysTests
{
    private readonly KeyedHasher _hasher = Parts.Hasher();

    [Fact]
    public void A_tenants_namespace_is_a_short_keyed_hash_of_its_name_the_same_on_every_replica_with_the_secret()
    {
        var a = _hasher.Tenant("acme");
        Assert.Equal(a, Parts.Hasher().Tenant("acme"));
        Assert.NotEqual(a, _hasher.Tenant("acme2"));
        Assert.NotEqual(a, Parts.Hasher(secret: "another-secret-of-enough-length").Tenant("acme"));
        Assert.Equal(16, a.Id.Length);
        Assert.DoesNotContain("acme", a.Id, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("{t:" + a.Id + "}", a.HashTag);
    }

    [Fact]
    public void The_same_case_ref_names_different_cases_in_different_tenants()
    {
        var a = _hasher.Tenant("acme");
        var b = _hasher.Tenant("globex");
        Assert.Equal(_hasher.CaseId(a, "ref-1"), _hasher.CaseId(a, "ref-1"));
        Assert.NotEqual(_hasher.CaseId(a, "ref-1"), _hasher.CaseId(b, "ref-1"));
        Assert.NotEqual(_hasher.CaseId(a, "ref-1"), _hasher.CaseId(a, "ref-2"));
    }

    [Fact]
    public void Cached_answers_are_keyed_per_tenant_without_a_hash_tag()
    {
        var a = _hasher.Tenant("acme");
        var b = _hasher.Tenant("globex");
        var request = new DiagnoseRequest { Platform = "dayu", Message = "不在实名库中", OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch) };
        var day = new DateOnly(2026, 10, 1);
        var keyA = _hasher.ResultKey(a, "diagnose", request, "v1", "en", day);
        var keyB = _hasher.ResultKey(b, "diagnose", request, "v1", "en", day);
        Assert.NotEqual(keyA, keyB);
        // The tenant's id without braces: a cluster spreads answers by their whole key.
        Assert.StartsWith("realname:v1:t:" + a.Id + ":result:diagnose:", keyA.Value, StringComparison.Ordinal);
        Assert.StartsWith("realname:v1:t:" + b.Id + ":result:diagnose:", keyB.Value, StringComparison.Ordinal);
        Assert.DoesNotContain('{', keyA.Value);
        // The hash differs too, not only the tenant: a key moved under another tenant finds nothing.
        Assert.NotEqual(keyA.Value[keyA.Value.LastIndexOf(':')..], keyB.Value[keyB.Value.LastIndexOf(':')..]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has/slash")]
    [InlineData("brace}")]
    [InlineData("0123456789012345678901234567890123456789abcd")]
    public void A_namespace_id_holds_only_key_safe_characters(string id)
    {
        Assert.Throws<ArgumentException>(() => new TenantNamespace(id));
    }
}
