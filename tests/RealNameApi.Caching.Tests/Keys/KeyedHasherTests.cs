using Microsoft.Extensions.Logging;
using RealNameApi.Caching.Tests.Infrastructure;
using RealNameApi.Contracts.V1;

namespace RealNameApi.Caching.Tests.Keys;

public sealed class KeyedHasherTests
{
    private static readonly DateOnly Today = new(2026, 9, 30);

    [Fact]
    public void The_same_inputs_give_the_same_key_on_every_replica_sharing_the_secret()
    {
        var first = Parts.Hasher().ResultKey("diagnose", Parts.PersonalRequest(), "c1", "zh-CN", Today);
        var second = Parts.Hasher().ResultKey("diagnose", Parts.PersonalRequest(), "c1", "zh-CN", Today);

        Assert.Equal(first, second);
        Assert.StartsWith(TestTenant.ResultPrefix("realname:v1:") + "diagnose:", first.Value, StringComparison.Ordinal);
        Assert.Equal((TestTenant.ResultPrefix("realname:v1:") + "diagnose:").Length + 43, first.Value.Length);
    }

    [Fact]
    public void Every_input_the_answer_depends_on_changes_the_key()
    {
        var hasher = Parts.Hasher();
        var request = Parts.PersonalRequest();
        var baseline = hasher.ResultKey("diagnose", request, "c1", "zh-CN", Today).Value;
        var otherRequest = request.Clone();
        otherRequest.Document.Number = "11010519491231003X";

        string[] variants =
        [
            hasher.ResultKey("validate", request, "c1", "zh-CN", Today).Value,
            hasher.ResultKey("diagnose", otherRequest, "c1", "zh-CN", Today).Value,
            hasher.ResultKey("diagnose", request, "c2", "zh-CN", Today).Value,
            hasher.ResultKey("diagnose", request, "c1", "en", Today).Value,
            hasher.ResultKey("diagnose", request, "c1", "zh-CN", Today.AddDays(1)).Value,
            Parts.Hasher(secret: "another-secret-of-enough-length").ResultKey("diagnose", request, "c1", "zh-CN", Today).Value,
            Parts.Hasher(prefix: "other:").ResultKey("diagnose", request, "c1", "zh-CN", Today).Value,
        ];

        Assert.All(variants, v => Assert.NotEqual(baseline, v));
        Assert.Equal(variants.Length, variants.Distinct().Count());
    }

    [Fact]
    public void Discriminators_are_length_prefixed_so_shifting_characters_between_them_changes_the_key()
    {
        var hasher = Parts.Hasher();
        var request = new DiagnoseRequest();

        Assert.NotEqual(
            hasher.ResultKey("diagnose", request, "ab", "c", Today),
            hasher.ResultKey("diagnose", request, "a", "bc", Today));
    }

    [Fact]
    public void Keys_and_case_ids_hold_nothing_of_their_inputs()
    {
        var hasher = Parts.Hasher();
        var key = hasher.ResultKey("diagnose", Parts.PersonalRequest(), "c1", "zh-CN", Today).Value;
        var caseId = hasher.CaseId(PersonalData.CaseRef);

        foreach (var personal in PersonalData.All.Append("110105").Append("张"))
        {
            Assert.DoesNotContain(personal, key, StringComparison.Ordinal);
            Assert.DoesNotContain(personal, caseId, StringComparison.Ordinal);
        }

        Assert.Matches("^[A-Za-z0-9_-]{43}$", caseId);
    }

    [Fact]
    public void Case_ids_are_stable_under_one_secret_and_differ_under_another()
    {
        Assert.Equal(Parts.Hasher().CaseId("case-1"), Parts.Hasher().CaseId("case-1"));
        Assert.NotEqual(Parts.Hasher().CaseId("case-1"), Parts.Hasher().CaseId("case-2"));
        Assert.NotEqual(Parts.Hasher().CaseId("case-1"), Parts.Hasher(secret: "another-secret-of-enough-length").CaseId("case-1"));
    }

    [Fact]
    public void Large_requests_hash_like_small_ones()
    {
        var hasher = Parts.Hasher();
        var large = Parts.PersonalRequest(new string('很', 4096));

        var key = hasher.ResultKey("diagnose", large, "c1", "zh-CN", Today);

        Assert.Equal(key, hasher.ResultKey("diagnose", large.Clone(), "c1", "zh-CN", Today));
        Assert.NotEqual(key, hasher.ResultKey("diagnose", Parts.PersonalRequest(new string('很', 4095)), "c1", "zh-CN", Today));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Diagnose")]
    [InlineData("diag:nose")]
    [InlineData("a-kind-name-that-is-far-too-long-to-use")]
    public void A_malformed_kind_is_refused(string kind) =>
        Assert.Throws<ArgumentException>(() => Parts.Hasher().ResultKey(kind, new DiagnoseRequest(), "c1", "en", Today));

    [Fact]
    public void Without_a_secret_each_process_makes_its_own_and_warns_when_Redis_is_shared()
    {
        var sink = new LogSink();
        var first = Parts.Hasher(secret: "", redis: "127.0.0.1:1", logger: sink.For<Caching.Keys.KeyedHasher>());
        var second = Parts.Hasher(secret: "");

        Assert.NotEqual(first.CaseId("case-1"), second.CaseId("case-1"));
        var warning = Assert.Single(sink.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("Cache:KeySecret", warning.Message, StringComparison.Ordinal);
    }
}
