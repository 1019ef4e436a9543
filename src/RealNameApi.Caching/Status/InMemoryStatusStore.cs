using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using RealNameApi.Caching.Configuration;
using RealNameApi.Caching.Keys;
using RealNameApi.Contracts.V1;

namespace RealNameApi.Caching.Status;

/// <summary>
/// The embedded default's status store: the same behaviour as the Redis store inside one
/// process, for running with nothing installed. It holds at most <c>Status:EmbeddedMaxCases</c>
/// cases and about <c>Status:EmbeddedMaxBytes</c> bytes, and a tenant at most
/// <c>Status:EmbeddedMaxCasesPerTenant</c>. A new case beyond its tenant's share evicts that
/// tenant's case that would expire first; beyond the store's capacity, the case that would expire
/// first of the tenant holding the most, so one tenant filling the store evicts its own cases,
/// never those of a tenant holding fewer.
/// </summary>
/// <remarks>
/// Cases are listed from one newest-first index per (tenant, platform, state), the embedded form of the
/// Redis store's sorted sets: a page seeks its cursor in each index the filters select and merges
/// them, O(page + indexes x log n). The indexes are immutable sets swapped by the one writer at a
/// time, so readers (list, get, watch) never take the lock that records take, and records wait for
/// nothing but other records. Waiting cases move to ready-to-retry and expired cases leave in
/// bounded batches, a little on each record and the rest before a page is read.
/// </remarks>
public sealed class InMemoryStatusStore : IVerificationStatusStore, ICaseStateCounts
{
    // Maintenance done by a record, and by a listing between two takes of the lock.
    private const int MaintenanceOnRecord = 16;
    private const int MaintenanceBatch = 256;

    private static readonly ImmutableSortedSet<EmbeddedCase> EmptyIndex = ImmutableSortedSet.Create(EmbeddedCase.NewestFirst);

    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<CaseKey, EmbeddedCase> _cases = new();
    private readonly ConcurrentDictionary<IndexKey, ImmutableSortedSet<EmbeddedCase>> _indexes = new();

    // Only under _gate: every case in retention order, waiting cases by opening, cases per platform.
    private readonly SortedSet<EmbeddedCase> _byExpiry = new(EmbeddedCase.ExpiresFirst);
    private readonly SortedSet<EmbeddedCase> _byOpening = new(EmbeddedCase.OpensFirst);
    private readonly Dictionary<string, PlatformCases> _platforms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TenantCases> _tenants = new(StringComparer.Ordinal);
    private long _bytes;
    private long _sequence;

    // When maintenance is next due (unix ms); read without the lock.
    private long _nextDueMs = long.MaxValue;

    private readonly CaseChangeNotifier _notifier = new();
    private readonly EvictionReport _evictions;
    private readonly KeyedHasher _hasher;
    private readonly StatusOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates an empty store.</summary>
    public InMemoryStatusStore(KeyedHasher hasher, StatusOptions options, TimeProvider time, ILogger<InMemoryStatusStore> logger)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _hasher = hasher;
        _options = options;
        _time = time;
        _logger = logger;
        _evictions = new EvictionReport(time, logger, options.EmbeddedMaxCases, options.EmbeddedMaxBytes);
    }

    /// <summary>How many cases the store holds now, expired ones not yet removed included.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byExpiry.Count;
            }
        }
    }

    /// <summary>The bytes the store holds now, by its estimate (see <c>Status:EmbeddedMaxBytes</c>).</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The sizes of the (tenant, platform, state) indexes of the given tenants, read without the
    /// lock: O(tenants x platforms x states).
    /// </remarks>
    public Task<IReadOnlyDictionary<VerificationState, long>?> CountByStateAsync(IReadOnlyCollection<TenantNamespace> tenants, CancellationToken cancellationToken = default)
    {
        var counts = new Dictionary<VerificationState, long>
        {
            [VerificationState.ActionRequired] = 0,
            [VerificationState.Waiting] = 0,
            [VerificationState.ReadyToRetry] = 0,
            [VerificationState.Final] = 0,
        };
        var wanted = tenants.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, index) in _indexes)
        {
            if (wanted.Contains(key.Tenant))
            {
                counts[key.State] = counts.GetValueOrDefault(key.State) + index.Count;
            }
        }

        return Task.FromResult<IReadOnlyDictionary<VerificationState, long>?>(counts);
    }

    /// <inheritdoc/>
    public Task<bool> RecordAsync(TenantNamespace tenant, string caseId, Diagnosis diagnosis, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant.Id, nameof(tenant));
        var key = new CaseKey(tenant.Id, caseId);
        var now = _time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var record = CaseRecords.FromDiagnosis(caseId, diagnosis, now);
        var expiresAt = CaseRecords.ExpiresAt(record.Retry, now, _options);
        var bytes = EmbeddedCase.Serialize(record);
        List<EmbeddedCase>? evicted = null;
        int heldCases;
        long heldBytes;
        lock (_gate)
        {
            if (_nextDueMs <= nowMs)
            {
                Maintain(nowMs, MaintenanceOnRecord);
            }

            var createdAt = now;
            if (_cases.TryGetValue(key, out var previous))
            {
                if (previous.IsLiveAt(nowMs))
                {
                    createdAt = new DateTimeOffset(previous.CreatedTicks, TimeSpan.Zero);
                }

                // Left in the case map until replaced, so a reader never misses a case being recorded again.
                Unindex(previous);
            }

            var tenantName = _tenants.TryGetValue(tenant.Id, out var own) ? own.Name : tenant.Id;
            var entry = EmbeddedCase.Create(tenantName, record, bytes, Intern(_platforms, record.Platform), createdAt, now, expiresAt, ++_sequence);

            // The new case is kept: room is made among the others, first to expire first, in the
            // tenant's own cases when it is at its share, else in the tenant holding the most.
            var perTenant = _options.EmbeddedMaxCasesPerTenant ?? int.MaxValue;
            while (own is { Count: > 0 } && own.Count >= perTenant)
            {
                Evict(own.ByExpiry.Min!, ref evicted);
            }

            while (_byExpiry.Count > 0 && (_byExpiry.Count >= _options.EmbeddedMaxCases || _bytes + entry.Bytes > _options.EmbeddedMaxBytes))
            {
                Evict(Largest(byBytes: _byExpiry.Count < _options.EmbeddedMaxCases).ByExpiry.Min!, ref evicted);
            }

            Index(entry);
            _cases[key] = entry;
            UpdateNextDue();
            heldCases = _byExpiry.Count;
            heldBytes = _bytes;
        }

        if (evicted is not null)
        {
            _evictions.Evicted(evicted.Count, heldCases, heldBytes);

            // Their watches read again and see the case gone.
            foreach (var gone in evicted)
            {
                _notifier.Notify(new TenantNamespace(gone.Tenant).Qualify(gone.CaseId));
            }
        }

        _notifier.Notify(tenant.Qualify(caseId));
        return Task.FromResult(true);
    }

    /// <inheritdoc/>
    public Task<VerificationStatus?> GetAsync(TenantNamespace tenant, string caseId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant.Id, nameof(tenant));
        ArgumentException.ThrowIfNullOrEmpty(caseId);
        var now = _time.GetUtcNow();
        return Task.FromResult(_cases.TryGetValue(new CaseKey(tenant.Id, caseId), out var entry) && entry.IsLiveAt(now.ToUnixTimeMilliseconds())
            ? entry.StatusAt(now)
            : null);
    }

    /// <inheritdoc/>
    public Task<ListVerificationStatusesResponse> ListAsync(TenantNamespace tenant, string? platform, VerificationState state, int pageSize, string? pageToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant.Id, nameof(tenant));
        var size = CaseRecords.PageSize(pageSize);
        var platformFilter = CaseRecords.PlatformFilter(platform);
        var after = PageToken.Decode(_hasher, tenant, pageToken, platformFilter, state);
        var now = _time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        CatchUp(nowMs);

        var page = ReadPage(tenant.Id, platformFilter, state, after, size + 1, nowMs);
        var response = new ListVerificationStatusesResponse();
        for (var i = 0; i < page.Count && i < size; i++)
        {
            response.Statuses.Add(page[i].StatusAt(now));
        }

        if (page.Count > size)
        {
            var last = page[size - 1];
            response.NextPageToken = new PageToken(last.UpdatedMs, last.CaseId).Encode(_hasher, tenant, platformFilter, state);
        }

        return Task.FromResult(response);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<VerificationStatus> WatchAsync(TenantNamespace tenant, string caseId, CancellationToken cancellationToken = default) =>
        StatusWatch.RunAsync(caseId, tenant.Qualify(caseId), (id, token) => GetAsync(tenant, id, token), _notifier, _time, TimeSpan.FromSeconds(1), _logger, cancellationToken);

    private void Evict(EmbeddedCase victim, ref List<EmbeddedCase>? evicted)
    {
        Unindex(victim);
        _cases.TryRemove(KeyOf(victim), out _);
        (evicted ??= []).Add(victim);
    }

    // The tenant holding the most cases (or bytes): O(tenants), a set of configured keys.
    private TenantCases Largest(bool byBytes)
    {
        TenantCases? largest = null;
        foreach (var cases in _tenants.Values)
        {
            if (largest is null || (byBytes ? cases.Bytes > largest.Bytes : cases.Count > largest.Count))
            {
                largest = cases;
            }
        }

        return largest!;
    }

    // The first `want` current cases after the cursor, newest first: a merge of the selected indexes.
    private List<EmbeddedCase> ReadPage(string tenant, string? platform, VerificationState state, PageToken? after, int want, long nowMs)
    {
        var cursor = after is { } a ? EmbeddedCase.Cursor(a.UpdatedMs, a.CaseId) : null;
        var heads = new PriorityQueue<(ImmutableSortedSet<EmbeddedCase> Index, int Position), EmbeddedCase>(EmbeddedCase.NewestFirst);
        foreach (var (key, index) in _indexes)
        {
            if (key.Tenant == tenant && (platform is null || key.Platform == platform) && (state == VerificationState.Unspecified || key.State == state))
            {
                var start = cursor is null ? 0 : StartAfter(index, cursor);
                if (start < index.Count)
                {
                    heads.Enqueue((index, start), index[start]);
                }
            }
        }

        var page = new List<EmbeddedCase>(want);
        EmbeddedCase? previous = null;
        while (page.Count < want && heads.TryDequeue(out var source, out var head))
        {
            // Indexes are read one after another, not at one instant: a case moved between two of
            // them meanwhile is seen twice (adjacent, it sorts the same), a case recorded again is
            // seen in its old place too (no longer current).
            if (!ReferenceEquals(head, previous)
                && head.IsLiveAt(nowMs)
                && (state == VerificationState.Unspecified || head.StateAt(nowMs) == state)
                && _cases.TryGetValue(KeyOf(head), out var current) && ReferenceEquals(current, head))
            {
                page.Add(head);
            }

            previous = head;
            var next = source.Position + 1;
            if (next < source.Index.Count)
            {
                heads.Enqueue((source.Index, next), source.Index[next]);
            }
        }

        return page;
    }

    // The position of the first case after the cursor: O(log n), the set counts its subtrees.
    private static int StartAfter(ImmutableSortedSet<EmbeddedCase> index, EmbeddedCase cursor)
    {
        var found = index.IndexOf(cursor);
        return found >= 0 ? found + 1 : ~found;
    }

    // Before a page is read, every case due to expire or open by now has done so, in batches
    // that let records in between.
    private void CatchUp(long nowMs)
    {
        while (Volatile.Read(ref _nextDueMs) <= nowMs)
        {
            lock (_gate)
            {
                if (!Maintain(nowMs, MaintenanceBatch))
                {
                    return;
                }
            }
        }
    }

    // Removes expired cases and moves opened ones, at most `limit`; true when more is due now.
    private bool Maintain(long nowMs, int limit)
    {
        while (limit > 0 && _byExpiry.Min is { } oldest && !oldest.IsLiveAt(nowMs))
        {
            Unindex(oldest);
            _cases.TryRemove(new KeyValuePair<CaseKey, EmbeddedCase>(KeyOf(oldest), oldest));
            limit--;
        }

        while (limit > 0 && _byOpening.Min is { } opened && opened.OpensMs <= nowMs)
        {
            _byOpening.Remove(opened);
            RemoveFromIndex(IndexOf(opened), opened);
            opened.Bucket = VerificationState.ReadyToRetry;
            AddToIndex(IndexOf(opened), opened);
            limit--;
        }

        UpdateNextDue();
        return Volatile.Read(ref _nextDueMs) <= nowMs;
    }

    private void UpdateNextDue()
    {
        var expires = _byExpiry.Min?.ExpiresMs ?? long.MaxValue;
        var opens = _byOpening.Min?.OpensMs ?? long.MaxValue;
        Volatile.Write(ref _nextDueMs, Math.Min(expires, opens));
    }

    private void Index(EmbeddedCase entry)
    {
        AddToIndex(IndexOf(entry), entry);
        _byExpiry.Add(entry);
        if (entry.Bucket == VerificationState.Waiting)
        {
            _byOpening.Add(entry);
        }

        _bytes += entry.Bytes;
        if (!_platforms.TryGetValue(entry.Platform, out var cases))
        {
            _platforms[entry.Platform] = cases = new PlatformCases(entry.Platform);
        }

        cases.Count++;
        if (!_tenants.TryGetValue(entry.Tenant, out var tenantCases))
        {
            _tenants[entry.Tenant] = tenantCases = new TenantCases(entry.Tenant);
        }

        tenantCases.ByExpiry.Add(entry);
        tenantCases.Bytes += entry.Bytes;
    }

    private void Unindex(EmbeddedCase entry)
    {
        RemoveFromIndex(IndexOf(entry), entry);
        _byExpiry.Remove(entry);
        if (entry.Bucket == VerificationState.Waiting)
        {
            _byOpening.Remove(entry);
        }

        _bytes -= entry.Bytes;
        if (--_platforms[entry.Platform].Count == 0)
        {
            _platforms.Remove(entry.Platform);
        }

        var tenantCases = _tenants[entry.Tenant];
        tenantCases.ByExpiry.Remove(entry);
        tenantCases.Bytes -= entry.Bytes;
        if (tenantCases.Count == 0)
        {
            _tenants.Remove(entry.Tenant);
        }
    }

    private void AddToIndex(IndexKey key, EmbeddedCase entry) =>
        _indexes[key] = _indexes.GetValueOrDefault(key, EmptyIndex).Add(entry);

    private void RemoveFromIndex(IndexKey key, EmbeddedCase entry)
    {
        if (!_indexes.TryGetValue(key, out var index))
        {
            return;
        }

        index = index.Remove(entry);
        if (index.IsEmpty)
        {
            _indexes.TryRemove(key, out _);
        }
        else
        {
            _indexes[key] = index;
        }
    }

    // One string per platform however many records name it.
    private static string Intern(Dictionary<string, PlatformCases> names, string name) =>
        names.TryGetValue(name, out var cases) ? cases.Name : name;

    private static CaseKey KeyOf(EmbeddedCase entry) => new(entry.Tenant, entry.CaseId);

    private static IndexKey IndexOf(EmbeddedCase entry) => new(entry.Tenant, entry.Platform, entry.Bucket);

    private readonly record struct CaseKey(string Tenant, string CaseId);

    private readonly record struct IndexKey(string Tenant, string Platform, VerificationState State);

    private sealed class PlatformCases(string name)
    {
        public string Name { get; } = name;

        public int Count { get; set; }
    }

    // A tenant's cases in retention order, and their bytes: only under _gate.
    private sealed class TenantCases(string name)
    {
        public string Name { get; } = name;

        public SortedSet<EmbeddedCase> ByExpiry { get; } = new(EmbeddedCase.ExpiresFirst);

        public int Count => ByExpiry.Count;

        public long Bytes { get; set; }
    }
}
