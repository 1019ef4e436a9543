using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Localization;
using static RealNameApi.Diagnosis.Tests.Documents.Checks;

namespace RealNameApi.Diagnosis.Tests.Documents;

// Today is 2026-06-01 (Checks.Today).
public class ValidityFindingTests
{
    // Born 1980-01-01: 36 at an issue in 2016, so a 20-year card.
    private const string Born1980 = "34052419800101001X";

    // Born 1949-12-31: over 46 at any issue since 1996, so a long-term card.
    private const string Born1949 = "11010519491231002X";

    // Born 2000-02-29: 16 on 2016-02-29.
    private const string Born2000Feb29 = "110105200002290013";

    private static Document Card(string number, Google.Type.Date? issued, Google.Type.Date? expires = null, bool longTerm = false, DocumentType type = DocumentType.ResidentIdCard)
    {
        var document = Numbered(number, type);
        document.IssueDate = issued;
        document.ExpiryDate = expires;
        document.LongTerm = longTerm;
        return document;
    }

    private static Timestamp StartOfShanghaiDay(string iso) =>
        Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(iso + "T00:00:00+08:00", CultureInfo.InvariantCulture));

    [Fact]
    public void AValidCardHasNoFindings()
    {
        Assert.Empty(Run(Card(Born1980, Date(2016, 3, 1), Date(2036, 3, 1))));
        Assert.Empty(Run(Card(Born1949, Date(2010, 5, 1), longTerm: true)));
    }

    [Fact]
    public void ANewlyIssuedDocumentWaitsTenNaturalDaysFromIssue()
    {
        var finding = Assert.Single(Run(Card(Born1980, Date(2026, 5, 25), longTerm: true), locale: Locale.En));

        Assert.Equal(FindingCode.NewlyIssued, finding.Code);
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal("document.issue_date", finding.Field);
        Assert.Contains("2026-06-04", finding.Message, StringComparison.Ordinal);
        Assert.Equal(RetryBasis.NaturalDays, finding.Retry.Basis);
        Assert.Equal(RetryAnchor.IssueDate, finding.Retry.Anchor);
        Assert.Equal(10, finding.Retry.MinDays);
        Assert.Equal(10, finding.Retry.MaxDays);
        Assert.Equal(StartOfShanghaiDay("2026-06-04"), finding.Retry.Earliest);
        Assert.Equal(StartOfShanghaiDay("2026-06-04"), finding.Retry.Latest);
    }

    [Theory]
    [InlineData(2026, 6, 1, true)]   // issued today
    [InlineData(2026, 5, 23, true)]  // 9 days ago
    [InlineData(2026, 5, 22, false)] // 10 days ago: the wait is over
    [InlineData(2025, 6, 1, false)]
    public void NewlyIssuedIsLessThanTenDays(int year, int month, int day, bool newlyIssued)
    {
        var document = Card(Born1980, Date(year, month, day));

        Assert.Equal(newlyIssued, Run(document).Codes().Contains(FindingCode.NewlyIssued));
    }

    [Fact]
    public void AnIssueDateInTheFutureIsAnError()
    {
        var finding = Assert.Single(Run(Card(Born1980, Date(2026, 6, 2))));

        Assert.Equal(FindingCode.ValidityPeriod, finding.Code);
        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Equal("document.issue_date", finding.Field);
    }

    [Fact]
    public void AnIssueDateBeforeTheBirthDateIsAnError()
    {
        var finding = Run(Card(Born1980, Date(1979, 3, 1))).Only(FindingCode.ValidityPeriod);

        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Equal("document.issue_date", finding.Field);
    }

    [Theory]
    [InlineData(2026, 13, 1)]
    [InlineData(2026, 2, 29)]
    [InlineData(2026, 0, 1)]
    [InlineData(0, 6, 1)]
    public void AnIssueDateThatIsNotARealDateIsAnError(int year, int month, int day)
    {
        var finding = Assert.Single(Run(Card(Born1980, Date(year, month, day))));

        Assert.Equal(FindingCode.ValidityPeriod, finding.Code);
        Assert.Equal("document.issue_date", finding.Field);
    }

    [Fact]
    public void AnExpiredDocumentIsAnError()
    {
        var finding = Assert.Single(Run(Card(Born1980, Date(2006, 5, 31), Date(2026, 5, 31))));

        Assert.Equal(FindingCode.Expired, finding.Code);
        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Equal("document.expiry_date", finding.Field);
    }

    [Theory]
    [InlineData(2026, 6, 1, true)]  // expires today
    [InlineData(2026, 7, 1, true)]  // in 30 days
    [InlineData(2026, 7, 2, false)] // in 31 days
    public void ADocumentExpiringWithin30DaysIsAWarning(int year, int month, int day, bool expiringSoon)
    {
        var findings = Run(Card(Born1980, null, Date(year, month, day)));

        if (expiringSoon)
        {
            var finding = Assert.Single(findings);
            Assert.Equal(FindingCode.ExpiringSoon, finding.Code);
            Assert.Equal(FindingSeverity.Warning, finding.Severity);
        }
        else
        {
            Assert.Empty(findings);
        }
    }

    [Fact]
    public void LongTermAndAnExpiryDateTogetherAreAnError()
    {
        var finding = Run(Card(Born1949, Date(2010, 5, 1), Date(2030, 5, 1), longTerm: true))[0];

        Assert.Equal(FindingCode.ValidityPeriod, finding.Code);
        Assert.Equal(FindingSeverity.Error, finding.Severity);
    }

    [Fact]
    public void AnExpiryNotAfterTheIssueIsAnError()
    {
        var finding = Run(Card(Born1980, Date(2026, 5, 1), Date(2026, 5, 1))).Only(FindingCode.ValidityPeriod);

        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Equal("document.expiry_date", finding.Field);
    }

    [Fact]
    public void LongTermForAHolderUnder46AtIssueIsFlagged()
    {
        var finding = Assert.Single(Run(Card(Born1980, Date(2016, 3, 1), longTerm: true), locale: Locale.En));

        Assert.Equal(FindingCode.ValidityPeriod, finding.Code);
        Assert.Equal("document.long_term", finding.Field);
        Assert.Contains("valid for 20 years", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnExpiryDateForAHolderOver46AtIssueIsFlagged()
    {
        var finding = Assert.Single(Run(Card(Born1949, Date(2010, 5, 1), Date(2030, 5, 1))));

        Assert.Equal(FindingCode.ValidityPeriod, finding.Code);
        Assert.Equal("document.expiry_date", finding.Field);
    }

    [Theory]
    [InlineData(2026, 3, 1, true)]  // 10 years for a holder of 36: should be 20
    [InlineData(2031, 3, 1, true)]  // 15 years: no card has that
    [InlineData(2036, 3, 1, false)] // 20 years
    [InlineData(2036, 3, 2, false)] // a day either way is allowed
    public void TheValidityLengthMustFitTheAgeAtIssue(int year, int month, int day, bool flagged)
    {
        var findings = Run(Card(Born1980, Date(2016, 3, 1), Date(year, month, day)));

        Assert.Equal(flagged, findings.Codes().Contains(FindingCode.ValidityPeriod));
    }

    [Theory]
    [InlineData(2016, 1, 15, 2021, 1, 15, false)] // 15 at issue: 5 years
    [InlineData(2016, 1, 15, 2026, 1, 15, true)]  // 15 at issue: not 10 years
    [InlineData(2016, 2, 29, 2026, 2, 28, false)] // 16 on a 29 February birthday: 10 years
    [InlineData(2016, 3, 10, 2021, 3, 10, false)] // 16 at issue but 15 at application: 5 years allowed
    [InlineData(2016, 3, 10, 2026, 3, 10, false)] // and 10 years too
    [InlineData(2016, 6, 1, 2021, 6, 1, true)]    // 16 at issue and at application: 5 years is wrong
    public void AgeBoundariesAllowTheApplicationTime(int iy, int im, int id, int ey, int em, int ed, bool flagged)
    {
        var findings = Run(Card(Born2000Feb29, Date(iy, im, id), Date(ey, em, ed)));

        Assert.Equal(flagged, findings.Codes().Contains(FindingCode.ValidityPeriod));
    }

    [Theory]
    [InlineData(2026, 8, 1, false, false)] // 3 months
    [InlineData(2026, 11, 1, false, true)] // 6 months
    [InlineData(0, 0, 0, true, true)]      // long-term
    public void ATemporaryCardLastsThreeMonths(int year, int month, int day, bool longTerm, bool flagged)
    {
        var document = Card(Born1980, Date(2026, 5, 1), year == 0 ? null : Date(year, month, day), longTerm, DocumentType.TemporaryIdCard);

        Assert.Equal(flagged, Run(document).Codes().Contains(FindingCode.ValidityPeriod));
    }

    [Fact]
    public void WithoutABirthDateTheLengthIsNotChecked()
    {
        var document = Card("E12345678", Date(2016, 3, 1), Date(2031, 7, 9), type: DocumentType.Passport);

        Assert.Empty(Run(document));
    }
}
