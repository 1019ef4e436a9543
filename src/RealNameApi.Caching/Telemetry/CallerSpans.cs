using System.Collections.Concurrent;
using System.Diagnostics;

namespace RealNameApi.Caching.Telemetry;

/// <summary>
/// Keeps the Redis reads and the computation of a result-cache miss inside the trace of the call
/// that caused them. HybridCache fetches a missing key on a thread-pool item that does not flow
/// the caller's execution context, so <see cref="Activity.Current"/> is empty there, and with it
/// the trace id of the log lines written there; the caller's span is kept by key while its
/// fetch runs (one dictionary entry per call in flight).
/// </summary>
internal sealed class CallerSpans
{
    private readonly ConcurrentDictionary<string, Activity> _callers = new(StringComparer.Ordinal);

    /// <summary>Notes the current span as the caller of <paramref name="key"/>; returns it for <see cref="Leave"/>.</summary>
    public Activity? Enter(string key)
    {
        if (Activity.Current is not { } caller)
        {
            return null;
        }

        // A caller joining a fetch already under way keeps the first caller's span.
        _callers.TryAdd(key, caller);
        return caller;
    }

    public void Leave(string key, Activity? caller)
    {
        if (caller is not null)
        {
            _callers.TryRemove(new KeyValuePair<string, Activity>(key, caller));
        }
    }

    /// <summary>The span Redis work for <paramref name="key"/> belongs under.</summary>
    public Activity? Of(string key) => Activity.Current ?? (_callers.IsEmpty ? null : _callers.GetValueOrDefault(key));

    /// <summary>
    /// Makes <paramref name="span"/>, or else the caller's span, current for the rest of the
    /// calling async method (an async method restores the previous one when it returns), so its
    /// log lines carry the caller's trace id.
    /// </summary>
    public static void Adopt(Activity? span, Activity? caller)
    {
        if (span is null && caller is not null && Activity.Current is null)
        {
            Activity.Current = caller;
        }
    }

    /// <summary>
    /// Makes the caller's span current in the fetch, from the computation on: called from the
    /// synchronous factory, the change stays for the rest of the fetch (the write to Redis too).
    /// </summary>
    public static void Resume(Activity? caller)
    {
        if (caller is not null && Activity.Current is null)
        {
            Activity.Current = caller;
        }
    }
}
