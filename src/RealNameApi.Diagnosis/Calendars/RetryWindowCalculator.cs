using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Time;

namespace RealNameApi.Diagnosis.Calendars;

/// <summary>
/// Turns a wait ("retry after 1-3 working days", "10 natural days after issue") into a
/// <see cref="RetryWindow"/> with dates: each bound is the start of its day in Asia/Shanghai.
/// </summary>
public sealed class RetryWindowCalculator
{
    /// <summary>The longest wait accepted, in days: ten years; anything longer is a data error.</summary>
    public const int MaxDays = 3660;

    private readonly WorkingDayCalendar _calendar;

    /// <summary>Creates a calculator counting working days on <paramref name="calendar"/>.</summary>
    public RetryWindowCalculator(WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        _calendar = calendar;
    }

    /// <summary>
    /// The window <paramref name="minDays"/> to <paramref name="maxDays"/> days after
    /// <paramref name="anchorDate"/>, the anchor day itself not counted. IMMEDIATE opens and
    /// closes on the anchor day with no days to wait; NOT_RETRYABLE has no dates at all.
    /// <c>calendar_estimated</c> is set when a working day counted lies in a year without a notice.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The basis or anchor is unspecified, or the days are negative, reversed or above <see cref="MaxDays"/>.</exception>
    public RetryWindow Compute(RetryBasis basis, int minDays, int maxDays, DateOnly anchorDate, RetryAnchor anchor)
    {
        if (anchor == RetryAnchor.Unspecified || !Enum.IsDefined(anchor))
        {
            throw new ArgumentOutOfRangeException(nameof(anchor), anchor, "A retry window needs an anchor.");
        }

        switch (basis)
        {
            case RetryBasis.Immediate:
                return new RetryWindow
                {
                    Basis = basis,
                    Anchor = anchor,
                    Earliest = ShanghaiTime.StartOfDayTimestamp(anchorDate),
                    Latest = ShanghaiTime.StartOfDayTimestamp(anchorDate),
                };
            case RetryBasis.NotRetryable:
                return new RetryWindow { Basis = basis, Anchor = anchor };
            case RetryBasis.NaturalDays:
            case RetryBasis.WorkingDays:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(basis), basis, "A retry window needs a basis.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(minDays);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDays, minDays);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDays, MaxDays);

        DateOnly earliest, latest;
        var estimated = false;
        if (basis == RetryBasis.NaturalDays)
        {
            earliest = anchorDate.AddDays(minDays);
            latest = anchorDate.AddDays(maxDays);
        }
        else
        {
            // Count on from the earliest day rather than from the anchor again.
            earliest = _calendar.AddWorkingDays(anchorDate, minDays, out var estimatedToEarliest);
            latest = _calendar.AddWorkingDays(earliest, maxDays - minDays, out var estimatedToLatest);
            estimated = estimatedToEarliest || estimatedToLatest;
        }

        return new RetryWindow
        {
            Basis = basis,
            MinDays = minDays,
            MaxDays = maxDays,
            Earliest = ShanghaiTime.StartOfDayTimestamp(earliest),
            Latest = ShanghaiTime.StartOfDayTimestamp(latest),
            CalendarEstimated = estimated,
            Anchor = anchor,
        };
    }
}
