using RealNameApi.Contracts.V1;

namespace RealNameApi.Diagnosis.Documents;

/// <summary>
/// Checks the subject against the document: the region selected (所属区域) against the region the
/// document type belongs to, and the telephone country code (86 for mainland China, never a
/// domestic area code such as 010 or 0755).
/// </summary>
internal static class SubjectRules
{
    public const string RegionField = "subject.region";
    public const string CountryCodeField = "subject.phone_country_code";

    private const int MaxCountryCodeDigits = 3;

    public static void Check(Document document, Subject subject, FindingCollector findings)
    {
        CheckRegion(document, subject.Region, findings);
        CheckCountryCode(subject, findings);
    }

    /// <summary>
    /// The regions a document belongs to; empty when any region fits (a passport) or the type
    /// says nothing. A permit's number narrows it: H or M begins a Hong Kong or Macao permit, and
    /// 81/82/83 0000 a Hong Kong, Macao or Taiwan residence permit.
    /// </summary>
    public static ReadOnlySpan<Region> RegionsOf(DocumentType type, string number) => type switch
    {
        DocumentType.ResidentIdCard or DocumentType.TemporaryIdCard or DocumentType.HouseholdRegister
            or DocumentType.BusinessLicense or DocumentType.UsccCertificate or DocumentType.OrganizationCodeCertificate
            or DocumentType.MilitaryUnitDocument => [Region.Mainland],
        DocumentType.HkMacaoTravelPermit => HkMacaoPermitRegions(number),
        DocumentType.TaiwanTravelPermit => [Region.Taiwan],
        DocumentType.HmtResidencePermit => ResidencePermitRegions(number),
        DocumentType.ForeignPermanentResidenceCard => [Region.Overseas],
        DocumentType.OverseasOrganizationCertificate => [Region.HongKong, Region.Macao, Region.Taiwan, Region.Overseas],
        _ => [],
    };

    private static void CheckRegion(Document document, Region region, FindingCollector findings)
    {
        if (region == Region.Unspecified)
        {
            return;
        }

        var regions = RegionsOf(document.Type, document.Number);
        if (regions.IsEmpty || regions.Contains(region))
        {
            return;
        }

        findings.Add(FindingCode.RegionMismatch, FindingSeverity.Error, RegionField, FindingTexts.RegionMismatch,
            findings.Say(DocumentNames.Of(region)), findings.Say(DocumentNames.Of(document.Type)), DocumentNames.Either(regions, findings.Locale));
    }

    private static ReadOnlySpan<Region> HkMacaoPermitRegions(string number)
    {
        var upper = number.ToUpperInvariant();
        if (NumberRules.LooksLikeHkMacaoPermit(upper))
        {
            return upper[0] == 'H' ? [Region.HongKong] : [Region.Macao];
        }

        return [Region.HongKong, Region.Macao];
    }

    private static ReadOnlySpan<Region> ResidencePermitRegions(string number)
    {
        if (NumberRules.IsResidencePermitNumber(number))
        {
            return number[1] switch
            {
                '1' => [Region.HongKong],
                '2' => [Region.Macao],
                _ => [Region.Taiwan],
            };
        }

        return [Region.HongKong, Region.Macao, Region.Taiwan];
    }

    private static void CheckCountryCode(Subject subject, FindingCollector findings)
    {
        var code = subject.PhoneCountryCode.AsSpan();
        if (code.IsEmpty)
        {
            return;
        }

        if (code.ContainsAnyExceptInRange('0', '9'))
        {
            findings.Add(FindingCode.CountryCode, FindingSeverity.Error, CountryCodeField, FindingTexts.CountryCodeNotDigits);
        }
        else if (code[0] == '0')
        {
            findings.Add(FindingCode.CountryCode, FindingSeverity.Error, CountryCodeField, FindingTexts.CountryCodeAreaCode);
        }
        else if (code.Length > MaxCountryCodeDigits)
        {
            findings.Add(FindingCode.CountryCode, FindingSeverity.Error, CountryCodeField, FindingTexts.CountryCodeTooLong);
        }
        else if (subject.Region == Region.Mainland && !code.SequenceEqual("86"))
        {
            // A mainland subject may hold a foreign telephone number, so this is only a warning;
            // it catches an area code entered without its leading 0 (for example 755).
            findings.Add(FindingCode.CountryCode, FindingSeverity.Warning, CountryCodeField, FindingTexts.CountryCodeNotChina);
        }
    }
}
