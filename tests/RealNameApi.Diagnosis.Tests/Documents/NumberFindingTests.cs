using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Localization;
using static RealNameApi.Diagnosis.Tests.Documents.Checks;

namespace RealNameApi.Diagnosis.Tests.Documents;

public class NumberFindingTests
{
    [Theory]
    [InlineData("11010519491231002X", DocumentType.ResidentIdCard)]
    [InlineData("34052419800101001X", DocumentType.ResidentIdCard)]
    [InlineData("34052419800101001X", DocumentType.TemporaryIdCard)]
    [InlineData("34052419800101001X", DocumentType.HouseholdRegister)]
    [InlineData("810000199001010019", DocumentType.HmtResidencePermit)]
    [InlineData("91350100M000100Y43", DocumentType.BusinessLicense)]
    [InlineData("91350100M000100Y43", DocumentType.UsccCertificate)]
    [InlineData("91350100M000100Y43", DocumentType.OrganizationCodeCertificate)]
    [InlineData("E12345678", DocumentType.Passport)]
    [InlineData("H12345678", DocumentType.HkMacaoTravelPermit)]
    [InlineData("anything", DocumentType.Other)]
    [InlineData("anything", DocumentType.Unspecified)]
    [InlineData("", DocumentType.ResidentIdCard)]
    public void ValidNumbersHaveNoFindings(string number, DocumentType type)
    {
        Assert.Empty(Run(Numbered(number, type)));
    }

    [Fact]
    public void ALowerCaseXIsAcceptedWithANote()
    {
        var finding = Assert.Single(Run(Numbered("11010519491231002x")));

        Assert.Equal(FindingCode.NumberCharset, finding.Code);
        Assert.Equal(FindingSeverity.Info, finding.Severity);
        Assert.Equal("document.number", finding.Field);
    }

    [Fact]
    public void AWrongCheckCharacterIsAChecksumError()
    {
        var finding = Assert.Single(Run(Numbered("110105194912310021")));

        Assert.Equal(FindingCode.NumberChecksum, finding.Code);
        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Equal("document.number", finding.Field);
    }

    [Fact]
    public void ALetterWithoutALookAlikeIsACharsetError()
    {
        var finding = Run(Numbered("11010519491231A02X", DocumentType.ResidentIdCard), locale: Locale.En).Only(FindingCode.NumberCharset);

        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Contains("Character 15", finding.Message, StringComparison.Ordinal);
        Assert.Contains("\"A\"", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFullWidthCharacterIsNamedAsSuch()
    {
        var finding = Run(Numbered("11010519491231002Ｘ")).Only(FindingCode.NumberCharset);

        Assert.Contains("第18位", finding.Message, StringComparison.Ordinal);
        Assert.Contains("全角", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASpaceIsNamedAsASpace()
    {
        var finding = Run(Numbered("110105194912 1002X"), locale: Locale.En).Only(FindingCode.NumberCharset);

        Assert.Contains("Character 13", finding.Message, StringComparison.Ordinal);
        Assert.Contains("a space", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("110105200102290010", "not a real date")] // 29 February 2001
    [InlineData("110105190002290017", "not a real date")] // 29 February 1900
    [InlineData("110105209912310010", "in the future")]
    [InlineData("110105189912310015", "before 1900")]
    public void AnImpossibleBirthDateIsReported(string number, string reason)
    {
        var finding = Assert.Single(Run(Numbered(number), locale: Locale.En));

        Assert.Equal(FindingCode.IdBirthDate, finding.Code);
        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Contains("characters 7 to 14", finding.Message, StringComparison.Ordinal);
        Assert.Contains(reason, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnIdNumberWithABadCheckCharacterThatHappensToBeACreditCodeIsAChecksumSlip()
    {
        // All digits with a real birth date: a valid USCC by accident, but an ID number by intent.
        var finding = Assert.Single(Run(Numbered("110105194912310005")));

        Assert.Equal(FindingCode.NumberChecksum, finding.Code);
    }

    [Theory]
    [InlineData("110105200002290013")]
    [InlineData("110105200402290039")]
    public void A29FebruaryBirthInALeapYearIsFine(string number)
    {
        Assert.Empty(Run(Numbered(number)));
    }

    [Theory]
    [InlineData("1101051949123100", 16)]
    [InlineData("11010519491231002X1", 19)]
    [InlineData("1", 1)]
    public void AWrongLengthIsReported(string number, int length)
    {
        var finding = Assert.Single(Run(Numbered(number), locale: Locale.En));

        Assert.Equal(FindingCode.NumberLength, finding.Code);
        Assert.Contains($"{length} were entered", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALegacy15DigitNumberIsAWarning()
    {
        var finding = Assert.Single(Run(Numbered("110105491231002")));

        Assert.Equal(FindingCode.IdLegacy15Digit, finding.Code);
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
    }

    [Fact]
    public void ALegacyNumberWithAnImpossibleBirthDateIsAlsoReported()
    {
        var findings = Run(Numbered("110105490231002"), locale: Locale.En);

        Assert.Equal([FindingCode.IdBirthDate, FindingCode.IdLegacy15Digit], findings.Codes());
        Assert.Contains("characters 7 to 12", findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALegacyNumberWithALetterIsACharsetError()
    {
        var finding = Assert.Single(Run(Numbered("11010549123100X")));

        Assert.Equal(FindingCode.NumberCharset, finding.Code);
    }

    [Theory]
    [InlineData("1101051949123I002X", 14, "I", "1")]
    [InlineData("110105194912310O2X", 16, "O", "0")]
    [InlineData("110105194912310o2X", 16, "o", "0")] // reported as typed
    [InlineData("11010549123I002", 12, "I", "1")]     // legacy form
    public void AUniqueSlipInAnIdNumberComesWithItsCorrection(string number, int position, string found, string replacement)
    {
        var finding = Assert.Single(Run(Numbered(number)));

        Assert.Equal(FindingCode.NumberLikelyTypo, finding.Code);
        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Equal(new NumberCorrection { Position = position, Found = found, Replacement = replacement }, finding.Correction);
        Assert.Contains($"第{position}位", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AUniqueSlipInACreditCodeComesWithItsCorrection()
    {
        var finding = Assert.Single(Run(Numbered("9135O100M000100Y43", DocumentType.BusinessLicense), locale: Locale.En));

        Assert.Equal(FindingCode.NumberLikelyTypo, finding.Code);
        Assert.Equal(new NumberCorrection { Position = 5, Found = "O", Replacement = "0" }, finding.Correction);
        Assert.Contains("character 5", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAmbiguousSlipGivesNoCandidate()
    {
        var findings = Run(Numbered("98350100M0001000BT", DocumentType.BusinessLicense), locale: Locale.En);

        Assert.Equal([FindingCode.NumberChecksum, FindingCode.NumberLikelyTypo], findings.Codes());
        var typo = findings[1];
        Assert.Equal(FindingSeverity.Warning, typo.Severity);
        Assert.Null(typo.Correction);
        Assert.Contains("2 different single changes", typo.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("91350100M000100Y44", FindingCode.NumberChecksum)]
    [InlineData("91350100M000100S43", FindingCode.NumberCharset)]
    [InlineData("91A50100M000100Y43", FindingCode.NumberCharset)]
    [InlineData("91350100M000100Y4", FindingCode.NumberLength)]
    [InlineData("350100123456789", FindingCode.NumberLength)] // an old 15-digit registration number
    public void InvalidCreditCodes(string code, FindingCode expected)
    {
        var finding = Assert.Single(Run(Numbered(code, DocumentType.BusinessLicense)));

        Assert.Equal(expected, finding.Code);
        Assert.Equal(FindingSeverity.Error, finding.Severity);
    }

    [Fact]
    public void ACreditCodeCharsetErrorNamesTheCharacter()
    {
        var finding = Run(Numbered("91350100M000100S43", DocumentType.UsccCertificate), locale: Locale.En).Only(FindingCode.NumberCharset);

        Assert.Contains("Character 16", finding.Message, StringComparison.Ordinal);
        Assert.Contains("\"S\"", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALowerCaseCreditCodeIsAcceptedWithANote()
    {
        var finding = Assert.Single(Run(Numbered("91350100m000100y43", DocumentType.BusinessLicense)));

        Assert.Equal(FindingCode.NumberCharset, finding.Code);
        Assert.Equal(FindingSeverity.Info, finding.Severity);
    }

    [Theory]
    [InlineData("91350100M000100Y43", DocumentType.ResidentIdCard)]        // a credit code as an ID card
    [InlineData("91350100M000100Y43", DocumentType.Passport)]
    [InlineData("91350100M000100Y43", DocumentType.OverseasOrganizationCertificate)]
    [InlineData("11010519491231002X", DocumentType.BusinessLicense)]       // an ID number for a business licence
    [InlineData("11010519491231002X", DocumentType.UsccCertificate)]
    [InlineData("11010519491231002X", DocumentType.Passport)]
    [InlineData("11010519491231002X", DocumentType.HkMacaoTravelPermit)]
    [InlineData("11010519491231002X", DocumentType.HmtResidencePermit)]
    [InlineData("810000199001010019", DocumentType.ResidentIdCard)]        // a residence permit number as an ID card
    [InlineData("E12345678", DocumentType.ResidentIdCard)]                 // a passport number as an ID card
    [InlineData("EA1234567", DocumentType.ResidentIdCard)]
    [InlineData("H12345678", DocumentType.ResidentIdCard)]                 // an HK/Macao permit number as an ID card
    public void ANumberOfAnotherDocumentTypeIsAMismatch(string number, DocumentType type)
    {
        var finding = Assert.Single(Run(Numbered(number, type)));

        Assert.Equal(FindingCode.TypeNumberMismatch, finding.Code);
        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Equal("document.number", finding.Field);
    }

    [Fact]
    public void TheMismatchNamesTheSelectedType()
    {
        var finding = Assert.Single(Run(Numbered("11010519491231002X", DocumentType.BusinessLicense), locale: Locale.En));

        Assert.Contains("business licence", finding.Message, StringComparison.Ordinal);
        Assert.Contains("resident ID number", finding.Message, StringComparison.Ordinal);
    }
}
