using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RealNameApi.Caching.Configuration;
using RealNameApi.Caching.Keys;
using RealNameApi.Caching.Status;
using RealNameApi.Caching.Tests.Infrastructure;
using RealNameApi.Contracts.V1;

namespace RealNameApi.Caching.Tests.Status;

/// <summary>The embedded store's bounds: cases and bytes, evicted by retention order, reported in aggregate.</summary>
public sealed class InMemoryStatusStoreCapacityTests
{
    private static readonly DateTimeOffset Start = new(2026, 9, 30, 2, 0, 0, TimeSpan.Zero);

    // A case's retention is the end of its window, so each test chooses the order cases expire in.
    private static readonly StatusOptions WindowRetention = new()
    {
        RetentionAfterWindow = TimeSpan.Zero,
        MinimumRetention = TimeSpan.FromHours(1),
        MaximumRetention = TimeSpan.FromDays(1000),
    };

    private static readonly Dictionary<string, string> Names = new[] { "long", "short", "middle", "new-1", "new-2", "a", "b" }
        .Concat(Enumerable.Range(0, 500).Select(i => $"case-{i}"))
        .ToDictionary(Id);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly LogSink _logs = new();

    [Fact]
    public async Task A_full_store_evicts_the_case_that_would_expire_first_not_the_oldest()
    {
        var store = Store(WindowRetention, maxCases: 3);
        await RecordAsync(store, "long", expiresInHours: 300);
        await RecordAsync(store, "short", expiresInHours: 10);
        await RecordAsync(store, "middle", expiresInHours: 100);

        await RecordAsync(store, "new-1", expiresInHours: 200);

        Assert.Equal(3, store.Count);
        Assert.Null(await store.GetAsync(Id("short")));
        Assert.Equal(["new-1", "middle", "long"], await ListedAsync(store));

        // Even a new case that expires before all the others is kept: room is made among them.
        await RecordAsync(store, "new-2", expiresInHours: 2);

        Assert.Equal(["new-2", "new-1", "long"], await ListedAsync(store));
    }

    [Fact]
    public async Task Of_cases_expiring_in_the_same_millisecond_the_first_recorded_is_evicted_first()
    {
        // A burst: ten cases recorded in one instant, all expiring together, into room for five.
        var store = Store(WindowRetention, maxCases: 5);
        var end = _time.GetUtcNow().AddHours(10);
        for (var i = 0; i < 10; i++)
        {
            Assert.True(await store.RecordAsync(Id($"case-{i}"), Parts.Diagnosis(Outcome.FixAndRetry, earliest: end, latest: end)));
        }

        for (var i = 0; i < 10; i++)
        {
            var kept = await store.GetAsync(Id($"case-{i}")) is not null;
            Assert.True(kept == (i >= 5), $"case-{i} {(kept ? "kept" : "evicted")}: the five recorded last must be the ones kept");
        }
    }

    [Fact]
    public async Task Recording_a_held_case_again_evicts_nothing()
    {
        var store = Store(WindowRetention, maxCases: 2);
        await RecordAsync(store, "a", expiresInHours: 10);
        await RecordAsync(store, "b", expiresInHours: 20);

        await RecordAsync(store, "a", expiresInHours: 5);

        Assert.Equal(["a", "b"], await ListedAsync(store));
        Assert.Empty(_logs.Entries);
    }

    [Fact]
    public async Task The_byte_capacity_holds_the_cases_that_expire_last()
    {
        var options = new StatusOptions
        {
            RetentionAfterWindow = TimeSpan.Zero,
            MinimumRetention = TimeSpan.FromHours(1),
            MaximumRetention = TimeSpan.FromDays(1000),
            EmbeddedMaxBytes = StatusOptions.MinimumEmbeddedMaxBytes,
        };
        var store = Store(options, maxCases: 1_000_000);

        // Each case expires before every earlier one, so eviction by retention keeps the first
        // recorded (and the newest, always kept), eviction by age would keep the last.
        const int Recorded = 500;
        for (var i = 0; i < Recorded; i++)
        {
            await RecordAsync(store, $"case-{i}", expiresInHours: 1000 - i);
        }

        var held = store.Count;
        Assert.InRange(held, 20, Recorded - 1);
        Assert.InRange(store.Bytes, 1, options.EmbeddedMaxBytes);
        Assert.True(store.Bytes + (store.Bytes / held) > options.EmbeddedMaxBytes, "the store is full, not emptied further than needed");
        var kept = Enumerable.Range(0, held - 1).Select(i => $"case-{i}").Append($"case-{Recorded - 1}");
        Assert.Equal(kept.OrderBy(n => n, StringComparer.Ordinal), (await ListedAllAsync(store)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Evictions_are_logged_as_counts_at_most_once_a_minute_and_counted_on_a_metric()
    {
        long measured = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "RealNameApi.Caching" && instrument.Name == "realname.status.embedded.evictions")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref measured, value));
        listener.Start();
        var store = Store(WindowRetention, maxCases: 2);

        for (var i = 0; i < 12; i++)
        {
            await RecordAsync(store, $"case-{PersonalData.CaseRef}-{i}", expiresInHours: 10 + i);
        }

        var first = Assert.Single(_logs.Entries);
        Assert.Equal(LogLevel.Warning, first.Level);
        Assert.Contains(" 1 cases evicted", first.Message, StringComparison.Ordinal);

        _time.Advance(TimeSpan.FromMinutes(1));
        await RecordAsync(store, "after-a-minute", expiresInHours: 100);

        Assert.Equal(2, _logs.Entries.Count);
        Assert.Contains(" 10 cases evicted", _logs.Entries.Last().Message, StringComparison.Ordinal);
        Assert.DoesNotContain(PersonalData.CaseRef, _logs.AllText(), StringComparison.Ordinal);
        Assert.DoesNotContain(Id($"case-{PersonalData.CaseRef}-0"), _logs.AllText(), StringComparison.Ordinal);

        // The meter is the process's: other tests' stores may add to it, never take away.
        Assert.True(Interlocked.Read(ref measured) >= 11, $"{measured} evictions measured");
    }

    [Fact]
    public async Task A_watch_of_an_evicted_case_sees_it_gone()
    {
        var store = Store(WindowRetention, maxCases: 1);
        await RecordAsync(store, "watched", expiresInHours: 10);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var watch = store.WatchAsync(Id("watched"), timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(VerificationState.ActionRequired, watch.Current.State);

        var next = watch.MoveNextAsync().AsTask();
        await RecordAsync(store, "newcomer", expiresInHours: 20);

        Assert.True(await next);
        Assert.Equal(VerificationState.Unknown, watch.Current.State);
    }

    [Fact]
    public async Task A_tenant_that_fills_the_store_evicts_its_own_cases_not_those_of_a_tenant_holding_fewer()
    {
        var store = Store(WindowRetention, maxCases: 10);
        // B's cases expire first of all: by retention order alone, they would go first.
        for (var i = 0; i < 3; i++)
        {
            await RecordAsync(store, TenantB, $"case-{i}", expiresInHours: 5 + i);
        }

        for (var i = 10; i < 60; i++)
        {
            await RecordAsync(store, TenantA, $"case-{i}", expiresInHours: 100 + i);
        }

        Assert.Equal(10, store.Count);
        Assert.Equal(["case-0", "case-1", "case-2"], (await ListedAllAsync(store, TenantB)).Order(StringComparer.Ordinal));
        // A keeps the 7 of its cases that expire last (the newest here).
        Assert.Equal(Enumerable.Range(53, 7).Select(i => $"case-{i}"), (await ListedAllAsync(store, TenantA)).Order(StringComparer.Ordinal));

        // Once B holds the most, B's new cases evict B's own.
        var small = Store(WindowRetention, maxCases: 4);
        await RecordAsync(small, TenantA, "a", expiresInHours: 1);
        for (var i = 0; i < 6; i++)
        {
            await RecordAsync(small, TenantB, $"case-{i}", expiresInHours: 100 + i);
        }

        Assert.Equal(["a"], await ListedAllAsync(small, TenantA));
        Assert.Equal(["case-3", "case-4", "case-5"], (await ListedAllAsync(small, TenantB)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_tenant_at_its_share_evicts_its_own_case_that_would_expire_first_while_the_store_has_room()
    {
        var store = Store(WindowRetention, maxCases: 100, maxCasesPerTenant: 3);
        await RecordAsync(store, TenantB, "b", expiresInHours: 1);
        await RecordAsync(store, TenantA, "long", expiresInHours: 300);
        await RecordAsync(store, TenantA, "short", expiresInHours: 10);
        await RecordAsync(store, TenantA, "middle", expiresInHours: 100);

        await RecordAsync(store, TenantA, "new-1", expiresInHours: 200);

        Assert.Equal(4, store.Count);
        Assert.Equal(["new-1", "middle", "long"], await ListedAsync(store, TenantA));
        Assert.Equal(["b"], await ListedAsync(store, TenantB));

        // Recording a held case again takes no more of the share.
        await RecordAsync(store, TenantA, "middle", expiresInHours: 50);
        Assert.Equal(["middle", "new-1", "long"], await ListedAsync(store, TenantA));
    }

    [Fact]
    public async Task Capacity_settings_are_validated_at_start_up()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Status:EmbeddedMaxCases"] = "0",
            ["Status:EmbeddedMaxBytes"] = "1000",
            ["Status:EmbeddedMaxCasesPerTenant"] = "0",
        });
        builder.Services.AddRealNameCaching(builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Status:EmbeddedMaxCases", error.Message, StringComparison.Ordinal);
        Assert.Contains("Status:EmbeddedMaxBytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("Status:EmbeddedMaxCasesPerTenant", error.Message, StringComparison.Ordinal);
    }

    private static readonly TenantNamespace TenantA = new("tenant-a");
    private static readonly TenantNamespace TenantB = new("tenant-b");

    private InMemoryStatusStore Store(StatusOptions retention, int maxCases, int? maxCasesPerTenant = null) => new(
        Parts.Hasher(),
        new StatusOptions
        {
            RetentionAfterWindow = retention.RetentionAfterWindow,
            MinimumRetention = retention.MinimumRetention,
            MaximumRetention = retention.MaximumRetention,
            EmbeddedMaxBytes = retention.EmbeddedMaxBytes,
            EmbeddedMaxCases = maxCases,
            EmbeddedMaxCasesPerTenant = maxCasesPerTenant,
        },
        _time,
        _logs.For<InMemoryStatusStore>());

    private static string Id(string name) => Parts.Hasher().CaseId(name);

    // An action-required case whose window ends, and so whose retention ends, in the hours given.
    private async Task RecordAsync(InMemoryStatusStore store, string name, int expiresInHours)
    {
        var end = _time.GetUtcNow().AddHours(expiresInHours);
        Assert.True(await store.RecordAsync(Id(name), Parts.Diagnosis(Outcome.FixAndRetry, earliest: end, latest: end)));
        _time.Advance(TimeSpan.FromSeconds(1));
    }

    private async Task RecordAsync(InMemoryStatusStore store, TenantNamespace tenant, string name, int expiresInHours)
    {
        var end = _time.GetUtcNow().AddHours(expiresInHours);
        Assert.True(await store.RecordAsync(tenant, Id(name), Parts.Diagnosis(Outcome.FixAndRetry, earliest: end, latest: end)));
        _time.Advance(TimeSpan.FromSeconds(1));
    }

    private static async Task<List<string>> ListedAsync(InMemoryStatusStore store, TenantNamespace tenant) =>
        Named((await store.ListAsync(tenant, null, VerificationState.Unspecified, 100, null)).Statuses);

    private static async Task<List<string>> ListedAllAsync(InMemoryStatusStore store, TenantNamespace tenant)
    {
        var statuses = new List<VerificationStatus>();
        var token = "";
        do
        {
            var page = await store.ListAsync(tenant, null, VerificationState.Unspecified, 100, token);
            statuses.AddRange(page.Statuses);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        return Named(statuses);
    }

    private static async Task<List<string>> ListedAsync(InMemoryStatusStore store) =>
        Named((await store.ListAsync(null, VerificationState.Unspecified, 100, null)).Statuses);

    private static async Task<List<string>> ListedAllAsync(InMemoryStatusStore store)
    {
        var statuses = new List<VerificationStatus>();
        var token = "";
        do
        {
            var page = await store.ListAsync(null, VerificationState.Unspecified, 100, token);
            statuses.AddRange(page.Statuses);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        return Named(statuses);
    }

    private static List<string> Named(IEnumerable<VerificationStatus> statuses) =>
        statuses.Select(s => Names[s.CaseId]).ToList();
}
