using RealNameApi.Contracts.V1;
using static RealNameApi.Diagnosis.Tests.Documents.Checks;

namespace RealNameApi.Diagnosis.Tests.Documents;

public class SubjectFindingTests
{
    private static IReadOnlyList<DocumentFinding> RunRegion(DocumentType type, string number, Region region) =>
        Run(Numbered(number, type), new Subject { Region = region });

    [Theory]
    [InlineData(DocumentType.ResidentIdCard, "11010519491231002X", Region.Mainland)]
    [InlineData(DocumentType.BusinessLicense, "91350100M000100Y43", Region.Mainland)]
    [InlineData(DocumentType.HkMacaoTravelPermit, "H12345678", Region.HongKong)]
    [InlineData(DocumentType.HkMacaoTravelPermit, "m12345678", Region.Macao)]
    [InlineData(DocumentType.HkMacaoTravelPermit, "", Region.Macao)]
    [InlineData(DocumentType.TaiwanTravelPermit, "12345678", Region.Taiwan)]
    [InlineData(DocumentType.HmtResidencePermit, "810000199001010019", Region.HongKong)]
    [InlineData(DocumentType.ForeignPermanentResidenceCard, "", Region.Overseas)]
    [InlineData(DocumentType.OverseasOrganizationCertificate, "", Region.HongKong)]
    [InlineData(DocumentType.Passport, "E12345678", Region.Mainland)]
    [InlineData(DocumentType.Passport, "X1234567", Region.Overseas)]
    [InlineData(DocumentType.ResidentIdCard, "11010519491231002X", Region.Unspecified)]
    public void RegionsThatFitTheDocumentHaveNoFindings(DocumentType type, string number, Region region)
    {
        Assert.Empty(RunRegion(type, number, region));
    }

    [Theory]
    [InlineData(DocumentType.ResidentIdCard, "11010519491231002X", Region.HongKong)]
    [InlineData(DocumentType.BusinessLicense, "91350100M000100Y43", Region.Overseas)]
    [InlineData(DocumentType.HkMacaoTravelPermit, "H12345678", Region.Mainland)]
    [InlineData(DocumentType.HkMacaoTravelPermit, "H12345678", Region.Macao)]
    [InlineData(DocumentType.HkMacaoTravelPermit, "", Region.Taiwan)]
    [InlineData(DocumentType.TaiwanTravelPermit, "12345678", Region.HongKong)]
    [InlineData(DocumentType.HmtResidencePermit, "810000199001010019", Region.Taiwan)]
    [InlineData(DocumentType.ForeignPermanentResidenceCard, "", Region.Mainland)]
    [InlineData(DocumentType.OverseasOrganizationCertificate, "", Region.Mainland)]
    public void ARegionThatDoesNotFitTheDocumentIsAMismatch(DocumentType type, string number, Region region)
    {
        var finding = Assert.Single(RunRegion(type, number, region));

        Assert.Equal(FindingCode.RegionMismatch, finding.Code);
        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Equal("subject.region", finding.Field);
    }

    [Fact]
    public void TheMismatchSaysWhichRegionFits()
    {
        var finding = Assert.Single(Run(Numbered("", DocumentType.HkMacaoTravelPermit), new Subject { Region = Region.Mainland }, Diagnosis.Localization.Locale.En));

        Assert.Contains("The region selected is mainland China", finding.Message, StringComparison.Ordinal);
        Assert.Contains("Hong Kong or Macao", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("86", Region.Mainland)]
    [InlineData("852", Region.HongKong)]
    [InlineData("1", Region.Overseas)]
    [InlineData("", Region.Mainland)]
    public void CountryCodesThatFitHaveNoFindings(string code, Region region)
    {
        Assert.Empty(Run(new Document(), new Subject { Region = region, PhoneCountryCode = code }));
    }

    [Theory]
    [InlineData("010", Region.Mainland, FindingSeverity.Error)]   // Beijing's area code
    [InlineData("021", Region.Unspecified, FindingSeverity.Error)] // Shanghai's
    [InlineData("0755", Region.Mainland, FindingSeverity.Error)]  // Shenzhen's
    [InlineData("086", Region.Mainland, FindingSeverity.Error)]
    [InlineData("+86", Region.Mainland, FindingSeverity.Error)]
    [InlineData("86 ", Region.Mainland, FindingSeverity.Error)]
    [InlineData("８６", Region.Mainland, FindingSeverity.Error)]  // full-width digits
    [InlineData("8610", Region.Mainland, FindingSeverity.Error)]
    [InlineData("755", Region.Mainland, FindingSeverity.Warning)] // an area code without its 0
    public void ACountryCodeThatIsNotOneIsReported(string code, Region region, FindingSeverity severity)
    {
        var finding = Assert.Single(Run(new Document(), new Subject { Region = region, PhoneCountryCode = code }));

        Assert.Equal(FindingCode.CountryCode, finding.Code);
        Assert.Equal(severity, finding.Severity);
        Assert.Equal("subject.phone_country_code", finding.Field);
    }
}
