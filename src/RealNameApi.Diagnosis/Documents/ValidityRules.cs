using System.Globalization;
using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Calendars;

namespace RealNameApi.Diagnosis.Documents;

/// <summary>
/// Checks the document's dates: a newly issued document the authority may not know yet, an issue
/// date in the future, expired or about to expire, and a validity period that does not fit the
/// holder's age at issue under the Resident Identity Card Law (art. 5: under 16, 5 years; 16-25,
/// 10; 26-45, 20; 46 and over, long-term; a temporary card, 3 months).
/// </summary>
internal static class ValidityRules
{
    /// <summary>The authority needs this many natural days to know a newly issued document.</summary>
    public const int NewlyIssuedDays = 10;

    /// <summary>
    /// A document expiring within this many natural days (today included) is "about to expire".
    /// Platforms give no figure; 30 days leaves time to renew before the verification is redone.
    /// </summary>
    public const int ExpiringSoonDays = 30;

    // The card law has the police issue a card within 60 days of the application, and the age
    // that sets the validity is the age at application: a birthday inside that gap allows either band.
    private const int ProcessingDays = 60;

    private const string IssueDateField = "document.issue_date";
    private const string ExpiryDateField = "document.expiry_date";
    private const string LongTermField = "document.long_term";

    public static void Check(Document document, DateOnly? birthDate, DateOnly today, RetryWindowCalculator retryWindows, FindingCollector findings)
    {
        var issued = ReadDate(document.IssueDate, IssueDateField, FindingTexts.IssueDateName, findings);
        var expires = ReadDate(document.ExpiryDate, ExpiryDateField, FindingTexts.ExpiryDateName, findings);

        if (issued is { } issue)
        {
            if (issue > today)
            {
                findings.Add(FindingCode.ValidityPeriod, FindingSeverity.Error, IssueDateField, FindingTexts.IssueDateInFuture);
            }
            else if (today.DayNumber - issue.DayNumber < NewlyIssuedDays)
            {
                var window = retryWindows.Compute(RetryBasis.NaturalDays, NewlyIssuedDays, NewlyIssuedDays, issue, RetryAnchor.IssueDate);
                var opens = issue.AddDays(NewlyIssuedDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                findings.Add(FindingCode.NewlyIssued, FindingSeverity.Warning, IssueDateField, FindingTexts.NewlyIssued, opens).Retry = window;
            }

            if (birthDate is { } born && issue < born)
            {
                findings.Add(FindingCode.ValidityPeriod, FindingSeverity.Error, IssueDateField, FindingTexts.IssuedBeforeBirth);
            }
        }

        if (document.LongTerm && expires is not null)
        {
            findings.Add(FindingCode.ValidityPeriod, FindingSeverity.Error, ExpiryDateField, FindingTexts.LongTermWithExpiry);
        }

        if (expires is { } expiry)
        {
            var daysLeft = expiry.DayNumber - today.DayNumber;
            if (daysLeft < 0)
            {
                findings.Add(FindingCode.Expired, FindingSeverity.Error, ExpiryDateField, FindingTexts.Expired);
            }
            else if (daysLeft <= ExpiringSoonDays)
            {
                findings.Add(FindingCode.ExpiringSoon, FindingSeverity.Warning, ExpiryDateField, FindingTexts.ExpiringSoon, daysLeft, ExpiringSoonDays);
            }

            if (issued is { } issuedDay && expiry <= issuedDay)
            {
                findings.Add(FindingCode.ValidityPeriod, FindingSeverity.Error, ExpiryDateField, FindingTexts.ExpiryNotAfterIssue);
                return;
            }
        }

        if (birthDate is { } birth && issued is { } issuedOn && issuedOn <= today && issuedOn >= birth)
        {
            CheckLengthForAge(document, birth, issuedOn, expires, findings);
        }
    }

    /// <summary>
    /// The validity in years the card law gives a holder of <paramref name="age"/> at application;
    /// 0 means long-term.
    /// </summary>
    public static int ValidityYears(int age) => age switch
    {
        < 16 => 5,
        <= 25 => 10,
        <= 45 => 20,
        _ => 0,
    };

    /// <summary>Age in whole years on <paramref name="date"/>.</summary>
    public static int AgeOn(DateOnly birthDate, DateOnly date)
    {
        var age = date.Year - birthDate.Year;
        return date < birthDate.AddYears(age) ? age - 1 : age;
    }

    private static void CheckLengthForAge(Document document, DateOnly birth, DateOnly issued, DateOnly? expires, FindingCollector findings)
    {
        if (document.Type == DocumentType.TemporaryIdCard)
        {
            if (document.LongTerm)
            {
                findings.Add(FindingCode.ValidityPeriod, FindingSeverity.Error, LongTermField, FindingTexts.TemporaryCardLongTerm);
            }
            else if (expires is { } expiry && !IsAbout(issued.AddMonths(3), expiry))
            {
                findings.Add(FindingCode.ValidityPeriod, FindingSeverity.Warning, ExpiryDateField, FindingTexts.TemporaryCardLength);
            }

            return;
        }

        if (document.Type != DocumentType.ResidentIdCard)
        {
            return;
        }

        var atIssue = ValidityYears(AgeOn(birth, issued));
        var atApplication = ValidityYears(AgeOn(birth, issued.AddDays(-ProcessingDays)));
        if (document.LongTerm)
        {
            if (atIssue != 0 && atApplication != 0)
            {
                findings.Add(FindingCode.ValidityPeriod, FindingSeverity.Warning, LongTermField, FindingTexts.LongTermTooYoung, atIssue);
            }

            return;
        }

        if (expires is not { } expiresOn)
        {
            return;
        }

        if (atIssue == 0 && atApplication == 0)
        {
            findings.Add(FindingCode.ValidityPeriod, FindingSeverity.Warning, ExpiryDateField, FindingTexts.ShouldBeLongTerm);
            return;
        }

        var years = StandardLength(issued, expiresOn);
        if (years == 0)
        {
            findings.Add(FindingCode.ValidityPeriod, FindingSeverity.Warning, ExpiryDateField, FindingTexts.ValidityNotAStandardLength);
        }
        else if (years != atIssue && years != atApplication)
        {
            var expected = atIssue != 0 ? atIssue : atApplication;
            findings.Add(FindingCode.ValidityPeriod, FindingSeverity.Warning, ExpiryDateField, FindingTexts.ValidityDoesNotFitAge, years, expected);
        }
    }

    /// <summary>5, 10 or 20 when the card runs that many years from issue (a day either way allowed), else 0.</summary>
    private static int StandardLength(DateOnly issued, DateOnly expires)
    {
        foreach (var years in (ReadOnlySpan<int>)[5, 10, 20])
        {
            if (IsAbout(issued.AddYears(years), expires))
            {
                return years;
            }
        }

        return 0;
    }

    // Cards issued on 29 February, and printing conventions, move the end date by a day.
    private static bool IsAbout(DateOnly expected, DateOnly actual) => Math.Abs(expected.DayNumber - actual.DayNumber) <= 1;

    private static DateOnly? ReadDate(Google.Type.Date? date, string field, Localization.LocalizedText name, FindingCollector findings)
    {
        if (date is null || (date.Year == 0 && date.Month == 0 && date.Day == 0))
        {
            return null;
        }

        if (date.Year is < 1 or > 9999 || date.Month is < 1 or > 12 || date.Day < 1 || date.Day > DateTime.DaysInMonth(date.Year, date.Month))
        {
            findings.Add(FindingCode.ValidityPeriod, FindingSeverity.Error, field, FindingTexts.DateNotReal, findings.Say(name));
            return null;
        }

        return new DateOnly(date.Year, date.Month, date.Day);
    }
}
