using System.Collections.Concurrent;

namespace RealNameApi.Server.Logging;

/// <summary>Why a call was turned away.</summary>
public enum Rejection
{
    /// <summary>No key, or one not configured.</summary>
    Unauthenticated,

    /// <summary>A key without the call's role.</summary>
    PermissionDenied,

    /// <summary>A key over its rate limit.</summary>
    RateLimited,

    /// <summary>A BatchDiagnose over the server-wide cap of calls in flight.</summary>
    Busy,

    /// <summary>A request the service turned down (INVALID_ARGUMENT, NOT_FOUND of a platform).</summary>
    BadRequest,
}

/// <summary>
/// Counts the calls turned away, by why and by key id, for <see cref="RejectedCallsReporter"/>
/// to log as one line per period: one caller can send any number of bad calls, but the log
/// grows by at most one line per period for all of them.
/// </summary>
public sealed class RejectedCalls
{
    // Keys are configured ids (or "open", or "-" when there is no key): a bounded set.
    private readonly ConcurrentDictionary<(Rejection Why, string Key), long> _counts = new();

    /// <summary>Counts one call turned away.</summary>
    /// <param name="why">Why.</param>
    /// <param name="keyId">The id of the caller's key; null when it has none that is known.</param>
    public void Count(Rejection why, string? keyId) => _counts.AddOrUpdate((why, keyId ?? "-"), 1, static (_, n) => n + 1);

    /// <summary>The counts since the last take, which start again from zero.</summary>
    public IReadOnlyList<(Rejection Why, string Key, long Count)> Take()
    {
        var taken = new List<(Rejection, string, long)>();
        foreach (var entry in _counts.Keys)
        {
            if (_counts.TryRemove(entry, out var count) && count > 0)
            {
                taken.Add((entry.Why, entry.Key, count));
            }
        }

        return taken;
    }
}
