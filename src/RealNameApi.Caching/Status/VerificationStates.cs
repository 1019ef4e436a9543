using Google.Protobuf.WellKnownTypes;
using RealNameApi.Contracts.V1;

namespace RealNameApi.Caching.Status;

/// <summary>The state of a case at a given time, computed from its outcome and retry window.</summary>
public static class VerificationStates
{
    /// <summary>
    /// The state of a case at <paramref name="now"/> and when it will next change by itself
    /// (a waiting case's window opening), or null if never.
    /// </summary>
    public static (VerificationState State, DateTimeOffset? NextChangeAt) Compute(Outcome outcome, RetryWindow? retry, DateTimeOffset now)
    {
        switch (outcome)
        {
            case Outcome.FixAndRetry:
            case Outcome.ChangeDocumentOrSubject:
            case Outcome.Appeal:
                return (VerificationState.ActionRequired, null);
            case Outcome.WaitThenRetry:
                if (retry?.Earliest is { } earliest && earliest.ToDateTimeOffset() is var opens && opens > now)
                {
                    return (VerificationState.Waiting, opens);
                }

                return (VerificationState.ReadyToRetry, null);
            case Outcome.Final:
                return (VerificationState.Final, null);
            default:
                return (VerificationState.Unknown, null);
        }
    }

    /// <summary>A copy of a recorded status with its state and next change computed at <paramref name="now"/>.</summary>
    public static VerificationStatus At(VerificationStatus recorded, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        var (state, nextChangeAt) = Compute(recorded.Outcome, recorded.Retry, now);
        var status = recorded.Clone();
        status.State = state;
        status.NextChangeAt = nextChangeAt is { } at ? Timestamp.FromDateTimeOffset(at) : null;
        return status;
    }
}
