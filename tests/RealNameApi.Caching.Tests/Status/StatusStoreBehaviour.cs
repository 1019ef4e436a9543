using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Time.Testing;
using RealNameApi.Caching.Configuration;
using RealNameApi.Caching.Keys;
using RealNameApi.Caching.Status;
using RealNameApi.Caching.Tests.Infrastructure;
using RealNameApi.Contracts.V1;

namespace RealNameApi.Caching.Tests.Status;

/// <summary>What a status store does, whichever it is; run on the in-memory store and on Redis.</summary>
public abstract partial class StatusStoreBehaviour : IDisposable
{
    protected static readonly DateTimeOffset Start = new(2026, 9, 30, 2, 0, 0, TimeSpan.Zero);
    private static readonly string[] FilterCases = ["dayu-action", "dayu-wait", "dayu-final", "aliyun-wait", "aliyun-unknown"];
    private readonly List<IDisposable> _owned = [];

    protected FakeTimeProvider Time { get; } = new(Start);

    protected KeyedHasher Hasher { get; } = Parts.Hasher();

    public virtual void Dispose()
    {
        // Last made, first disposed: stores before the connections they use.
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>A new, empty store; several calls in one test see the same cases.</summary>
    protected abstract IVerificationStatusStore NewStore(StatusOptions? options = null);

    protected T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    [Fact]
    public async Task A_recorded_case_reads_back_with_its_state_now()
    {
        var store = NewStore();
        var caseId = Hasher.CaseId("case-1");
        var diagnosis = Parts.Diagnosis(Outcome.FixAndRetry, earliest: Start, latest: Start.AddDays(1));

        Assert.True(await store.RecordAsync(caseId, diagnosis));
        var status = await store.GetAsync(caseId);

        Assert.NotNull(status);
        Assert.Equal(caseId, status.CaseId);
        Assert.Equal("dayu", status.Platform);
        Assert.Equal("dayu.rule", status.RuleId);
        Assert.Equal(Category.IdentityMismatch, status.Category);
        Assert.Equal(Outcome.FixAndRetry, status.Outcome);
        Assert.Equal(VerificationState.ActionRequired, status.State);
        Assert.Equal(diagnosis.Retry, status.Retry);
        Assert.Equal(Timestamp.FromDateTimeOffset(Start), status.CreatedAt);
        Assert.Equal(Timestamp.FromDateTimeOffset(Start), status.UpdatedAt);
        Assert.Null(status.NextChangeAt);
    }

    [Fact]
    public async Task A_case_never_recorded_is_not_found()
    {
        Assert.Null(await NewStore().GetAsync(Hasher.CaseId("never")));
    }

    [Fact]
    public async Task Recording_again_keeps_the_creation_time_and_updates_the_rest()
    {
        var store = NewStore();
        var caseId = Hasher.CaseId("case-1");
        await store.RecordAsync(caseId, Parts.Diagnosis(Outcome.FixAndRetry));
        Time.Advance(TimeSpan.FromHours(3));

        await store.RecordAsync(caseId, Parts.Diagnosis(Outcome.Final, ruleId: "dayu.final"));
        var status = await store.GetAsync(caseId);

        Assert.NotNull(status);
        Assert.Equal(Timestamp.FromDateTimeOffset(Start), status.CreatedAt);
        Assert.Equal(Timestamp.FromDateTimeOffset(Start.AddHours(3)), status.UpdatedAt);
        Assert.Equal("dayu.final", status.RuleId);
        Assert.Equal(VerificationState.Final, status.State);
    }

    [Fact]
    public async Task A_waiting_case_becomes_ready_when_its_window_opens()
    {
        var store = NewStore();
        var caseId = Hasher.CaseId("case-1");
        var opens = Start.AddDays(2);
        await store.RecordAsync(caseId, Parts.Diagnosis(Outcome.WaitThenRetry, earliest: opens, latest: opens.AddDays(2)));

        var before = await store.GetAsync(caseId);
        Time.Advance(TimeSpan.FromDays(2));
        var after = await store.GetAsync(caseId);

        Assert.Equal(VerificationState.Waiting, before?.State);
        Assert.Equal(Timestamp.FromDateTimeOffset(opens), before?.NextChangeAt);
        Assert.Equal(VerificationState.ReadyToRetry, after?.State);
        Assert.Null(after?.NextChangeAt);
    }

    [Fact]
    public async Task Listing_pages_newest_first_through_every_case_once()
    {
        var store = NewStore();
        var recorded = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            recorded.Add(Hasher.CaseId($"case-{i}"));
            await store.RecordAsync(recorded[^1], Parts.Diagnosis(Outcome.FixAndRetry));
            Time.Advance(TimeSpan.FromSeconds(1));
        }

        var pages = await ListAllAsync(store, null, VerificationState.Unspecified, 3);

        Assert.Equal([3, 3, 1], pages.Select(p => p.Statuses.Count));
        Assert.Equal(Enumerable.Reverse(recorded), pages.SelectMany(p => p.Statuses).Select(s => s.CaseId));
        Assert.Empty(pages[^1].NextPageToken);
    }

    [Fact]
    public async Task Cases_recorded_at_the_same_moment_are_each_listed_once_across_pages()
    {
        var store = NewStore();
        var recorded = Enumerable.Range(0, 9).Select(i => Hasher.CaseId($"tie-{i}")).ToList();
        foreach (var caseId in recorded)
        {
            await store.RecordAsync(caseId, Parts.Diagnosis(Outcome.FixAndRetry));
        }

        var listed = (await ListAllAsync(store, null, VerificationState.Unspecified, 2)).SelectMany(p => p.Statuses).Select(s => s.CaseId).ToList();

        Assert.Equal(recorded.Order(StringComparer.Ordinal).Reverse(), listed);
    }

    [Fact]
    public async Task Paging_while_cases_are_recorded_lists_each_earlier_case_once_in_order()
    {
        var store = NewStore();
        var earlier = new List<(string CaseId, DateTimeOffset Updated)>();
        for (var i = 0; i < 40; i++)
        {
            earlier.Add((Hasher.CaseId($"early-{i}"), Time.GetUtcNow()));
            await store.RecordAsync(earlier[^1].CaseId, Parts.Diagnosis(Outcome.FixAndRetry));
            if (i % 3 == 2)
            {
                Time.Advance(TimeSpan.FromSeconds(1));
            }
        }

        // Recorded again after the first page: it moves above the cursor, so this walk does not meet it again.
        var moved = earlier[5].CaseId;
        var listed = new List<string>();
        var token = "";
        for (var page = 0; page == 0 || token.Length > 0; page++)
        {
            Assert.True(page < 100, "paging ends");
            var response = await store.ListAsync(null, VerificationState.Unspecified, 7, token);
            listed.AddRange(response.Statuses.Select(s => s.CaseId));
            token = response.NextPageToken;
            Time.Advance(TimeSpan.FromMilliseconds(400));
            for (var k = 0; k < 3; k++)
            {
                await store.RecordAsync(Hasher.CaseId($"late-{page}-{k}"), Parts.Diagnosis(Outcome.Final));
            }

            if (page == 0)
            {
                await store.RecordAsync(moved, Parts.Diagnosis(Outcome.Appeal));
            }
        }

        var expected = earlier
            .Where(c => c.CaseId != moved)
            .OrderByDescending(c => c.Updated)
            .ThenByDescending(c => c.CaseId, StringComparer.Ordinal)
            .Select(c => c.CaseId);
        Assert.Equal(expected, listed);
    }

    [Fact]
    public async Task Listing_filters_by_platform_and_by_the_state_now()
    {
        var store = NewStore();
        var opens = Start.AddDays(1);
        foreach (var (name, diagnosis) in new (string, Diagnosis)[]
        {
            ("dayu-action", Parts.Diagnosis(Outcome.Appeal)),
            ("dayu-wait", Parts.Diagnosis(Outcome.WaitThenRetry, earliest: opens)),
            ("dayu-final", Parts.Diagnosis(Outcome.Final)),
            ("aliyun-wait", Parts.Diagnosis(Outcome.WaitThenRetry, platform: "aliyun-domain", earliest: opens.AddDays(1))),
            ("aliyun-unknown", Parts.Diagnosis(Outcome.Unknown, platform: "aliyun-domain")),
        })
        {
            await store.RecordAsync(Hasher.CaseId(name), diagnosis);
            Time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(["dayu-final", "dayu-wait", "dayu-action"], await ListedAsync(store, "dayu", VerificationState.Unspecified));
        Assert.Equal(["aliyun-unknown", "aliyun-wait"], await ListedAsync(store, "aliyun-domain", VerificationState.Unspecified));
        Assert.Equal(["aliyun-wait", "dayu-wait"], await ListedAsync(store, null, VerificationState.Waiting));
        Assert.Equal(["dayu-wait"], await ListedAsync(store, "dayu", VerificationState.Waiting));
        Assert.Empty(await ListedAsync(store, null, VerificationState.ReadyToRetry));
        Assert.Equal(["dayu-final"], await ListedAsync(store, null, VerificationState.Final));
        Assert.Equal(["dayu-action"], await ListedAsync(store, null, VerificationState.ActionRequired));
        Assert.Equal(["aliyun-unknown"], await ListedAsync(store, null, VerificationState.Unknown));
        Assert.Empty(await ListedAsync(store, "other", VerificationState.Unspecified));

        Time.Advance(TimeSpan.FromDays(1));

        Assert.Equal(["dayu-wait"], await ListedAsync(store, null, VerificationState.ReadyToRetry));
        Assert.Equal(["aliyun-wait"], await ListedAsync(store, null, VerificationState.Waiting));

        Time.Advance(TimeSpan.FromDays(1));

        Assert.Equal(["aliyun-wait", "dayu-wait"], await ListedAsync(store, null, VerificationState.ReadyToRetry));
        Assert.Empty(await ListedAsync(store, null, VerificationState.Waiting));
        Assert.Equal(["aliyun-wait"], await ListedAsync(store, "aliyun-domain", VerificationState.ReadyToRetry));
    }

    [Fact]
    public async Task A_case_moved_to_another_platform_or_state_leaves_its_old_lists()
    {
        var store = NewStore();
        var caseId = Hasher.CaseId("mover");
        await store.RecordAsync(caseId, Parts.Diagnosis(Outcome.WaitThenRetry, earliest: Start.AddDays(1)));
        Time.Advance(TimeSpan.FromSeconds(1));

        await store.RecordAsync(caseId, Parts.Diagnosis(Outcome.Final, platform: "aliyun-domain"));

        Assert.Empty(await ListedAsync(store, "dayu", VerificationState.Unspecified));
        Assert.Empty(await ListedAsync(store, null, VerificationState.Waiting));
        Time.Advance(TimeSpan.FromDays(2));
        Assert.Empty(await ListedAsync(store, null, VerificationState.ReadyToRetry));
        Assert.Single((await store.ListAsync("aliyun-domain", VerificationState.Final, 0, null)).Statuses);
    }

    [Fact]
    public async Task Page_sizes_follow_the_contract()
    {
        var store = NewStore();
        for (var i = 0; i < 101; i++)
        {
            await store.RecordAsync(Hasher.CaseId($"many-{i}"), Parts.Diagnosis(Outcome.FixAndRetry));
        }

        Assert.Equal(50, (await store.ListAsync(null, VerificationState.Unspecified, 0, null)).Statuses.Count);
        Assert.Equal(100, (await store.ListAsync(null, VerificationState.Unspecified, 1000, null)).Statuses.Count);
        var error = await Assert.ThrowsAsync<StatusQueryException>(() => store.ListAsync(null, VerificationState.Unspecified, -1, null));
        Assert.Equal("page_size", error.Field);
    }

    [Fact]
    public async Task A_page_token_works_only_for_the_filters_that_issued_it()
    {
        var store = NewStore();
        for (var i = 0; i < 3; i++)
        {
            await store.RecordAsync(Hasher.CaseId($"case-{i}"), Parts.Diagnosis(Outcome.FixAndRetry));
        }

        var token = (await store.ListAsync("dayu", VerificationState.Unspecified, 1, null)).NextPageToken;
        Assert.NotEmpty(token);

        foreach (var (platform, state, badToken) in new (string?, VerificationState, string)[]
        {
            ("aliyun-domain", VerificationState.Unspecified, token),
            (null, VerificationState.Unspecified, token),
            ("dayu", VerificationState.ActionRequired, token),
            ("dayu", VerificationState.Unspecified, "not a token"),
            ("dayu", VerificationState.Unspecified, token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1]),
            ("dayu", VerificationState.Unspecified, Parts.Hasher(secret: "another-secret-of-enough-length").CaseId("x")),
        })
        {
            var error = await Assert.ThrowsAsync<StatusQueryException>(() => store.ListAsync(platform, state, 1, badToken));
            Assert.Equal("page_token", error.Field);
        }

        Assert.Single((await store.ListAsync("dayu", VerificationState.Unspecified, 1, token)).Statuses);
    }

    [Fact]
    public async Task A_malformed_platform_filter_is_refused()
    {
        var error = await Assert.ThrowsAsync<StatusQueryException>(() => NewStore().ListAsync("dayu:*", VerificationState.Unspecified, 10, null));
        Assert.Equal("platform", error.Field);
    }

    [Fact]
    public async Task Cases_expire_after_their_retention_and_leave_every_list()
    {
        var store = NewStore(new StatusOptions { RetentionAfterWindow = TimeSpan.FromHours(1), MinimumRetention = TimeSpan.FromHours(2) });
        var shortLived = Hasher.CaseId("short");
        var windowed = Hasher.CaseId("windowed");
        await store.RecordAsync(shortLived, Parts.Diagnosis(Outcome.FixAndRetry));
        await store.RecordAsync(windowed, Parts.Diagnosis(Outcome.WaitThenRetry, earliest: Start.AddHours(3), latest: Start.AddHours(5)));

        Time.Advance(TimeSpan.FromHours(2));

        Assert.Null(await store.GetAsync(shortLived));
        Assert.NotNull(await store.GetAsync(windowed));
        Assert.Equal([windowed], (await store.ListAsync(null, VerificationState.Unspecified, 10, null)).Statuses.Select(s => s.CaseId));

        Time.Advance(TimeSpan.FromHours(4));

        Assert.Null(await store.GetAsync(windowed));
        Assert.Empty((await store.ListAsync(null, VerificationState.Unspecified, 10, null)).Statuses);
        Assert.Empty((await store.ListAsync("dayu", VerificationState.ReadyToRetry, 10, null)).Statuses);
    }

    [Fact]
    public async Task A_case_recorded_again_after_it_expired_starts_afresh()
    {
        var store = NewStore(new StatusOptions { RetentionAfterWindow = TimeSpan.Zero, MinimumRetention = TimeSpan.FromHours(1) });
        var caseId = Hasher.CaseId("again");
        await store.RecordAsync(caseId, Parts.Diagnosis(Outcome.FixAndRetry));
        Time.Advance(TimeSpan.FromHours(2));

        await store.RecordAsync(caseId, Parts.Diagnosis(Outcome.FixAndRetry));

        Assert.Equal(Timestamp.FromDateTimeOffset(Start.AddHours(2)), (await store.GetAsync(caseId))?.CreatedAt);
    }

    [Fact]
    public async Task A_watch_starts_unknown_then_sees_the_record_and_the_window_opening()
    {
        var store = NewStore();
        var caseId = Hasher.CaseId("watched");
        var opens = Start.AddHours(6);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var watch = store.WatchAsync(caseId, timeout.Token).GetAsyncEnumerator(timeout.Token);

        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(VerificationState.Unknown, watch.Current.State);
        Assert.Equal(caseId, watch.Current.CaseId);

        var next = watch.MoveNextAsync().AsTask();
        await store.RecordAsync(caseId, Parts.Diagnosis(Outcome.WaitThenRetry, earliest: opens));
        Assert.True(await next);
        Assert.Equal(VerificationState.Waiting, watch.Current.State);
        Assert.Equal(Timestamp.FromDateTimeOffset(opens), watch.Current.NextChangeAt);

        next = watch.MoveNextAsync().AsTask();
        await Task.Delay(100);
        Assert.False(next.IsCompleted, "nothing changed yet");
        Time.Advance(TimeSpan.FromHours(6));
        Assert.True(await next);
        Assert.Equal(VerificationState.ReadyToRetry, watch.Current.State);

        next = watch.MoveNextAsync().AsTask();
        await store.RecordAsync(caseId, Parts.Diagnosis(Outcome.Final));
        Assert.True(await next);
        Assert.Equal(VerificationState.Final, watch.Current.State);
        Assert.False(await watch.MoveNextAsync(), "the stream ends with a final status");
    }

    [Fact]
    public async Task A_watch_of_a_recorded_case_starts_with_its_status_and_ends_when_cancelled()
    {
        var store = NewStore();
        var caseId = Hasher.CaseId("watched");
        await store.RecordAsync(caseId, Parts.Diagnosis(Outcome.Appeal));
        using var stop = new CancellationTokenSource();
        await using var watch = store.WatchAsync(caseId, stop.Token).GetAsyncEnumerator(stop.Token);

        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(VerificationState.ActionRequired, watch.Current.State);
        var next = watch.MoveNextAsync().AsTask();
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
    }

    protected static async Task<List<ListVerificationStatusesResponse>> ListAllAsync(IVerificationStatusStore store, string? platform, VerificationState state, int pageSize)
    {
        var pages = new List<ListVerificationStatusesResponse>();
        var token = "";
        do
        {
            var page = await store.ListAsync(platform, state, pageSize, token);
            pages.Add(page);
            token = page.NextPageToken;
            Assert.True(pages.Count < 100, "paging ends");
        }
        while (token.Length > 0);

        return pages;
    }

    private async Task<List<string>> ListedAsync(IVerificationStatusStore store, string? platform, VerificationState state)
    {
        var names = FilterCases.ToDictionary(Hasher.CaseId);
        var page = await store.ListAsync(platform, state, 100, null);
        return page.Statuses.Select(s => names[s.CaseId]).ToList();
    }
}
