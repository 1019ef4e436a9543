using Microsoft.Extensions.Logging;
using RealNameApi.Caching.Configuration;
using RealNameApi.Caching.Keys;
using RealNameApi.Contracts.V1;

namespace RealNameApi.Caching.Status;

/// <summary>
/// The embedded default's status store: the same behaviour as the Redis store inside one
/// process, for running with nothing installed. Cases live until their retention passes;
/// listing sorts the matching cases, which is fine at the scale one process sees.
/// </summary>
public sealed class InMemoryStatusStore : IVerificationStatusStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _cases = new(StringComparer.Ordinal);
    private readonly CaseChangeNotifier _notifier = new();
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
    }

    /// <inheritdoc/>
    public Task<bool> RecordAsync(string caseId, Diagnosis diagnosis, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var record = CaseRecords.FromDiagnosis(caseId, diagnosis, now);
        var expiresAt = CaseRecords.ExpiresAt(record.Retry, now, _options);
        lock (_gate)
        {
            record.CreatedAt = _cases.TryGetValue(caseId, out var previous) && previous.ExpiresAt > now
                ? previous.Record.CreatedAt
                : record.UpdatedAt;
            _cases[caseId] = new Entry(record, expiresAt);
        }

        _notifier.Notify(caseId);
        return Task.FromResult(true);
    }

    /// <inheritdoc/>
    public Task<VerificationStatus?> GetAsync(string caseId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(caseId);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            return Task.FromResult(_cases.TryGetValue(caseId, out var entry) && entry.ExpiresAt > now
                ? VerificationStates.At(entry.Record, now)
                : null);
        }
    }

    /// <inheritdoc/>
    public Task<ListVerificationStatusesResponse> ListAsync(string? platform, VerificationState state, int pageSize, string? pageToken, CancellationToken cancellationToken = default)
    {
        var size = CaseRecords.PageSize(pageSize);
        var platformFilter = CaseRecords.PlatformFilter(platform);
        var after = PageToken.Decode(_hasher, pageToken, platformFilter, state);
        var now = _time.GetUtcNow();
        var matches = new List<(long UpdatedMs, VerificationStatus Status)>();
        lock (_gate)
        {
            List<string>? expired = null;
            foreach (var (caseId, entry) in _cases)
            {
                if (entry.ExpiresAt <= now)
                {
                    (expired ??= []).Add(caseId);
                    continue;
                }

                var updatedMs = CaseRecords.UnixMilliseconds(entry.Record.UpdatedAt);
                if ((platformFilter is null || entry.Record.Platform == platformFilter)
                    && (after is not { } cursor || CaseRecords.NewestFirst(cursor.UpdatedMs, cursor.CaseId, updatedMs, caseId) < 0))
                {
                    var status = VerificationStates.At(entry.Record, now);
                    if (state == VerificationState.Unspecified || status.State == state)
                    {
                        matches.Add((updatedMs, status));
                    }
                }
            }

            foreach (var caseId in expired ?? [])
            {
                _cases.Remove(caseId);
            }
        }

        matches.Sort(static (a, b) => CaseRecords.NewestFirst(a.UpdatedMs, a.Status.CaseId, b.UpdatedMs, b.Status.CaseId));
        var response = new ListVerificationStatusesResponse();
        foreach (var (_, status) in matches.Take(size))
        {
            response.Statuses.Add(status);
        }

        if (matches.Count > size)
        {
            var last = matches[size - 1];
            response.NextPageToken = new PageToken(last.UpdatedMs, last.Status.CaseId).Encode(_hasher, platformFilter, state);
        }

        return Task.FromResult(response);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<VerificationStatus> WatchAsync(string caseId, CancellationToken cancellationToken = default) =>
        StatusWatch.RunAsync(caseId, GetAsync, _notifier, _time, TimeSpan.FromSeconds(1), _logger, cancellationToken);

    private sealed record Entry(VerificationStatus Record, DateTimeOffset ExpiresAt);
}
