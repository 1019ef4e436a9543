using Google.Protobuf.WellKnownTypes;
using RealNameApi.Caching.Status;
using RealNameApi.Contracts.V1;

namespace RealNameApi.Caching.Tests.Status;

public sealed class VerificationStatesTests
{
    private static readonly DateTimeOffset Now = new(2026, 9, 30, 10, 0, 0, TimeSpan.FromHours(8));

    [Theory]
    [InlineData(Outcome.FixAndRetry, VerificationState.ActionRequired)]
    [InlineData(Outcome.ChangeDocumentOrSubject, VerificationState.ActionRequired)]
    [InlineData(Outcome.Appeal, VerificationState.ActionRequired)]
    [InlineData(Outcome.Final, VerificationState.Final)]
    [InlineData(Outcome.Unknown, VerificationState.Unknown)]
    [InlineData(Outcome.Unspecified, VerificationState.Unknown)]
    public void Outcomes_without_a_wait_map_to_their_state_and_never_change_by_themselves(Outcome outcome, VerificationState expected)
    {
        var window = Window(Now.AddDays(3));

        var (state, next) = VerificationStates.Compute(outcome, window, Now);

        Assert.Equal(expected, state);
        Assert.Null(next);
    }

    [Fact]
    public void A_wait_is_waiting_until_the_window_opens_and_ready_from_that_moment()
    {
        var opens = Now.AddDays(2);

        Assert.Equal((VerificationState.Waiting, opens), VerificationStates.Compute(Outcome.WaitThenRetry, Window(opens), Now));
        Assert.Equal((VerificationState.Waiting, opens), VerificationStates.Compute(Outcome.WaitThenRetry, Window(opens), opens.AddTicks(-1)));
        Assert.Equal((VerificationState.ReadyToRetry, null), VerificationStates.Compute(Outcome.WaitThenRetry, Window(opens), opens));
        Assert.Equal((VerificationState.ReadyToRetry, null), VerificationStates.Compute(Outcome.WaitThenRetry, Window(opens), opens.AddDays(9)));
    }

    [Fact]
    public void A_wait_without_an_earliest_time_is_ready()
    {
        Assert.Equal((VerificationState.ReadyToRetry, null), VerificationStates.Compute(Outcome.WaitThenRetry, null, Now));
        Assert.Equal((VerificationState.ReadyToRetry, null), VerificationStates.Compute(Outcome.WaitThenRetry, new RetryWindow { Basis = RetryBasis.Immediate }, Now));
    }

    [Fact]
    public void At_fills_state_and_next_change_on_a_copy()
    {
        var opens = Now.AddHours(5);
        var recorded = new VerificationStatus { CaseId = "c", Outcome = Outcome.WaitThenRetry, Retry = Window(opens) };

        var status = VerificationStates.At(recorded, Now);

        Assert.Equal(VerificationState.Waiting, status.State);
        Assert.Equal(Timestamp.FromDateTimeOffset(opens), status.NextChangeAt);
        Assert.Equal(VerificationState.Unspecified, recorded.State);
        Assert.Null(VerificationStates.At(recorded, opens).NextChangeAt);
    }

    private static RetryWindow Window(DateTimeOffset earliest) => new()
    {
        Basis = RetryBasis.WorkingDays,
        Earliest = Timestamp.FromDateTimeOffset(earliest),
        Latest = Timestamp.FromDateTimeOffset(earliest.AddDays(2)),
    };
}
