using System.Threading.Channels;

namespace RealNameApi.Caching.Status;

/// <summary>
/// Wakes the watches of a case in this process when it changes. The Redis store feeds it from
/// pub/sub (records made by any instance); the in-memory store from its own records.
/// </summary>
internal sealed class CaseChangeNotifier
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<CaseChanges>> _watchers = new(StringComparer.Ordinal);

    /// <summary>Starts listening for changes of a case; dispose the result to stop.</summary>
    public CaseChanges Listen(string caseId)
    {
        var changes = new CaseChanges(this, caseId);
        lock (_gate)
        {
            if (!_watchers.TryGetValue(caseId, out var list))
            {
                _watchers[caseId] = list = [];
            }

            list.Add(changes);
        }

        return changes;
    }

    /// <summary>Wakes the watches of one case.</summary>
    public void Notify(string caseId)
    {
        lock (_gate)
        {
            if (_watchers.TryGetValue(caseId, out var list))
            {
                foreach (var changes in list)
                {
                    changes.Signal();
                }
            }
        }
    }

    /// <summary>Wakes every watch, after notifications may have been missed (a lost connection).</summary>
    public void NotifyAll()
    {
        lock (_gate)
        {
            foreach (var list in _watchers.Values)
            {
                foreach (var changes in list)
                {
                    changes.Signal();
                }
            }
        }
    }

    internal void Remove(CaseChanges changes)
    {
        lock (_gate)
        {
            if (_watchers.TryGetValue(changes.CaseId, out var list) && list.Remove(changes) && list.Count == 0)
            {
                _watchers.Remove(changes.CaseId);
            }
        }
    }
}

/// <summary>One watch's wake-up signal. Signals coalesce: a watch re-reads once however many came.</summary>
internal sealed class CaseChanges : IDisposable
{
    private readonly CaseChangeNotifier _notifier;
    private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    internal CaseChanges(CaseChangeNotifier notifier, string caseId)
    {
        _notifier = notifier;
        CaseId = caseId;
    }

    public string CaseId { get; }

    /// <summary>Waits for a signal or until <paramref name="timeout"/> passes (never when null).</summary>
    public async Task WaitAsync(TimeSpan? timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = timeout is { } t ? new CancellationTokenSource(t, time) : null;
        using var linked = timer is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await _signals.Reader.WaitToReadAsync(linked?.Token ?? cancellationToken).ConfigureAwait(false);
            _signals.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The timeout passed: time to look again.
        }
    }

    public void Dispose() => _notifier.Remove(this);

    internal void Signal() => _signals.Writer.TryWrite(true);
}
