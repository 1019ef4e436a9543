using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Calendars;
using RealNameApi.Diagnosis.Catalog;
using RealNameApi.Diagnosis.Time;

namespace RealNameApi.Diagnosis.Engine;

/// <summary>
/// Decides when a retry can succeed: the rule's window, counted from the failure (or from the
/// document's issue date), unless a document finding says the document itself must wait longer.
/// </summary>
internal sealed class RetryPlanner(RetryWindowCalculator calculator)
{
    /// <summary>
    /// The retry window, and the outcome adjusted to it: a fix-and-retry failure whose document
    /// cannot pass before a later date (it is newly issued) becomes wait-then-retry.
    /// </summary>
    public (RetryWindow Window, Outcome Outcome) Plan(
        RuleDefinition rule, DateOnly occurred, DateOnly today, Document? document, IReadOnlyList<DocumentFinding> findings)
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
        var outcome = rule.Outcome;
        if (outcome is not (Outcome.FixAndRetry or Outcome.WaitThenRetry or Outcome.Unknown))
        {
            // Appeals, final answers and "use another document or subject" do not wait on this document.
            return (window, outcome);
        }

        var fromDocument = false;
        foreach (var finding in findings)
        {
            if (finding.Retry is { Earliest: not null } wait && (window.Earliest is null || wait.Earliest > window.Earliest))
            {
                window = wait.Clone();
                fromDocument = true;
            }
        }

        if (fromDocument && outcome == Outcome.FixAndRetry && window.Earliest > ShanghaiTime.StartOfDayTimestamp(today))
        {
            outcome = Outcome.WaitThenRetry;
        }

        return (window, outcome);
    }

    private static bool IsFullDate(Google.Type.Date date) =>
        date.Year is >= 1 and <= 9999 && date.Month is >= 1 and <= 12 && date.Day >= 1 && date.Day <= DateTime.DaysInMonth(date.Year, date.Month);
}
