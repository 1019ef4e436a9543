using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Calendars;
using RealNameApi.Diagnosis.Catalog;
using RealNameApi.Diagnosis.Time;

namespace RealNameApi.Diagnosis.Engine;

/// <summary>
/// Decides when a retry can succeed: the rule's window, counted from the failure (or from the
/// document's issue date, but never opening before the failure), unless a document finding says
/// the document itself must wait longer. Everything counts from the day of the failure, not the
/// day of the request: the answer explains the failure as it happened.
/// </summary>
internal sealed class RetryPlanner(RetryWindowCalculator calculator)
{
    /// <summary>
    /// The retry window, whether a document finding set it, and the outcome adjusted to it: a
    /// fix-and-retry failure whose document cannot pass before a later date (it was newly issued
    /// at the failure) becomes wait-then-retry.
    /// </summary>
    public (RetryWindow Window, Outcome Outcome, bool FromDocument) Plan(
        RuleDefinition rule, DateOnly occurred, Document? document, IReadOnlyList<DocumentFinding> findings)
    {
        var retry = rule.Retry;
        var anchor = retry.Anchor;
        var anchorDate = occurred;
        if (anchor == RetryAnchor.IssueDate)
        {
            // Without an issue date, count from the failure: the document was issued before it, so
            // the wait from the failure is never too short.
            if (document?.IssueDate is { } issue && IsFullDate(issue))
            {
                anchorDate = new DateOnly(issue.Year, issue.Month, issue.Day);
            }
            else
            {
                anchor = RetryAnchor.OccurredAt;
            }
        }

        var window = calculator.Compute(retry.Basis, retry.MinDays, retry.MaxDays, anchorDate, anchor);
        if (anchor == RetryAnchor.IssueDate && anchorDate < occurred)
        {
            window = NotBefore(window, occurred);
        }

        var outcome = rule.Outcome;
        if (outcome is not (Outcome.FixAndRetry or Outcome.WaitThenRetry or Outcome.Unknown))
        {
            // Appeals, final answers and "use another document or subject" do not wait on this document.
            return (window, outcome, false);
        }

        var fromDocument = LaterDocumentWait(ref window, findings);
        if (fromDocument && outcome == Outcome.FixAndRetry && window.Earliest > ShanghaiTime.StartOfDayTimestamp(occurred))
        {
            outcome = Outcome.WaitThenRetry;
        }

        return (window, outcome, fromDocument);
    }

    /// <summary>
    /// The window of a diagnosis the document decided: at once (once corrected), unless a finding
    /// makes the document wait (a card still too new to be known).
    /// </summary>
    public RetryWindow AfterCorrection(DateOnly occurred, IReadOnlyList<DocumentFinding> findings)
    {
        var window = calculator.Compute(RetryBasis.Immediate, 0, 0, occurred, RetryAnchor.OccurredAt);
        LaterDocumentWait(ref window, findings);
        return window;
    }

    private static bool LaterDocumentWait(ref RetryWindow window, IReadOnlyList<DocumentFinding> findings)
    {
        var fromDocument = false;
        foreach (var finding in findings)
        {
            if (finding.Retry is { Earliest: not null } wait && (window.Earliest is null || wait.Earliest > window.Earliest))
            {
                window = wait.Clone();
                fromDocument = true;
            }
        }

        return fromDocument;
    }

    // A window counted from the issue date opens no earlier than the failure: the retry window
    // starts at the later of occurred_at and issue date + N days.
    private static RetryWindow NotBefore(RetryWindow window, DateOnly occurred)
    {
        var start = ShanghaiTime.StartOfDayTimestamp(occurred);
        if (window.Earliest is not null && window.Earliest < start)
        {
            window.Earliest = start;
        }

        if (window.Latest is not null && window.Latest < start)
        {
            window.Latest = start;
        }

        return window;
    }

    private static bool IsFullDate(Google.Type.Date date) =>
        date.Year is >= 1 and <= 9999 && date.Month is >= 1 and <= 12 && date.Day >= 1 && date.Day <= DateTime.DaysInMonth(date.Year, date.Month);
}
