using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using RealNameApi.Contracts.V1;

namespace RealNameApi.Caching.Status;

/// <summary>
/// The watch loop both stores share: send the current status, then sleep until the case changes
/// or its next change time comes, read again and send the status if it differs.
/// </summary>
internal static class StatusWatch
{
    // Timers further out than this are re-armed; the read in between is cheap and harmless.
    private static readonly TimeSpan LongestSleep = TimeSpan.FromHours(12);

    /// <param name="caseId">The case to watch.</param>
    /// <param name="listenKey">What the case's changes are notified under (<see cref="Keys.TenantNamespace.Qualify"/>).</param>
    /// <param name="read">Reads the case in its tenant's namespace.</param>
    /// <param name="notifier">Wakes the watch.</param>
    /// <param name="time">The clock.</param>
    /// <param name="retryAfterFailure">How long to wait after a failed read.</param>
    /// <param name="logger">Logs failed reads.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    public static async IAsyncEnumerable<VerificationStatus> RunAsync(
        string caseId,
        string listenKey,
        Func<string, CancellationToken, Task<VerificationStatus?>> read,
        CaseChangeNotifier notifier,
        TimeProvider time,
        TimeSpan retryAfterFailure,
        ILogger logger,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(caseId);

        // Listen before the first read, so a change between the two is not missed.
        using var changes = notifier.Listen(listenKey);
        var current = await read(caseId, cancellationToken).ConfigureAwait(false) ?? CaseRecords.NotRecorded(caseId);
        VerificationStatus? sent = null;
        while (true)
        {
            TimeSpan? sleep;
            if (current is null)
            {
                sleep = retryAfterFailure;
            }
            else
            {
                if (!current.Equals(sent))
                {
                    sent = current;
                    yield return current;
                    if (current.State == VerificationState.Final)
                    {
                        yield break;
                    }
                }

                sleep = current.NextChangeAt is { } next ? Clamp(next.ToDateTimeOffset() - time.GetUtcNow()) : null;
            }

            await changes.WaitAsync(sleep, time, cancellationToken).ConfigureAwait(false);
            current = await TryReadAsync(caseId, read, logger, cancellationToken).ConfigureAwait(false);
        }
    }

    // After the first read, an outage is waited out rather than ending the watch.
    private static async Task<VerificationStatus?> TryReadAsync(string caseId, Func<string, CancellationToken, Task<VerificationStatus?>> read, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            return await read(caseId, cancellationToken).ConfigureAwait(false) ?? CaseRecords.NotRecorded(caseId);
        }
        catch (StatusStoreUnavailableException)
        {
            Log.WatchReadFailed(logger);
            return null;
        }
    }

    private static TimeSpan Clamp(TimeSpan sleep) =>
        sleep < TimeSpan.Zero ? TimeSpan.Zero : sleep > LongestSleep ? LongestSleep : sleep;
}
