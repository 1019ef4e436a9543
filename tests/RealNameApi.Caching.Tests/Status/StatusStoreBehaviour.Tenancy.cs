using RealNameApi.Caching.Keys;
using RealNameApi.Caching.Status;
using RealNameApi.Caching.Tests.Infrastructure;
using RealNameApi.Contracts.V1;

namespace RealNameApi.Caching.Tests.Status;

/// <summary>
/// Tenancy, on both stores: a tenant reads, lists, watches and overwrites only its own cases,
/// even under a case id another tenant uses too.
/// </summary>
public abstract partial class StatusStoreBehaviour
{
    private static readonly TenantNamespace TenantA = new("tenant-a");
    private static readonly TenantNamespace TenantB = new("tenant-b");

    [Fact]
    public async Task A_tenant_neither_reads_nor_overwrites_another_tenants_case_under_the_same_id()
    {
        var store = NewStore();
        const string caseId = "same-id-in-both-tenants";
        Assert.True(await store.RecordAsync(TenantA, caseId, Parts.Diagnosis(Outcome.FixAndRetry, ruleId: "dayu.a")));

        Assert.Null(await store.GetAsync(TenantB, caseId));

        Assert.True(await store.RecordAsync(TenantB, caseId, Parts.Diagnosis(Outcome.Final, ruleId: "dayu.b")));
        Assert.Equal("dayu.a", (await store.GetAsync(TenantA, caseId))!.RuleId);
        Assert.Equal(VerificationState.ActionRequired, (await store.GetAsync(TenantA, caseId))!.State);
        Assert.Equal("dayu.b", (await store.GetAsync(TenantB, caseId))!.RuleId);
    }

    [Fact]
    public async Task A_tenant_lists_only_its_own_cases_and_its_page_tokens_are_refused_to_another()
    {
        var store = NewStore();
        for (var i = 0; i < 3; i++)
        {
            await store.RecordAsync(TenantA, $"a-{i}", Parts.Diagnosis(Outcome.FixAndRetry, ruleId: "dayu.a"));
            Time.Advance(TimeSpan.FromSeconds(1));
        }

        await store.RecordAsync(TenantB, "b-0", Parts.Diagnosis(Outcome.FixAndRetry, ruleId: "dayu.b"));

        var first = await store.ListAsync(TenantA, null, VerificationState.Unspecified, 2, null);
        var second = await store.ListAsync(TenantA, null, VerificationState.Unspecified, 2, first.NextPageToken);
        Assert.Equal(["a-2", "a-1", "a-0"], first.Statuses.Concat(second.Statuses).Select(s => s.CaseId));
        Assert.Empty(second.NextPageToken);
        Assert.Equal(["b-0"], (await store.ListAsync(TenantB, "dayu", VerificationState.ActionRequired, 50, null)).Statuses.Select(s => s.CaseId));

        var error = await Assert.ThrowsAsync<StatusQueryException>(() => store.ListAsync(TenantB, null, VerificationState.Unspecified, 2, first.NextPageToken));
        Assert.Equal("page_token", error.Field);
    }

    [Fact]
    public async Task A_watch_sees_its_own_tenants_records_of_an_id_and_never_another_tenants()
    {
        var store = NewStore();
        const string caseId = "watched-in-b";
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var watch = store.WatchAsync(TenantB, caseId, timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(VerificationState.Unknown, watch.Current.State);

        var next = watch.MoveNextAsync().AsTask();
        await store.RecordAsync(TenantA, caseId, Parts.Diagnosis(Outcome.Final, ruleId: "dayu.a"));
        await store.RecordAsync(TenantB, caseId, Parts.Diagnosis(Outcome.Appeal, ruleId: "dayu.b"));

        Assert.True(await next);
        Assert.Equal("dayu.b", watch.Current.RuleId);
        Assert.Equal(VerificationState.ActionRequired, watch.Current.State);
    }
}
