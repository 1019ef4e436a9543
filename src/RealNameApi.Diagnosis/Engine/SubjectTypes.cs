using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Catalog;

namespace RealNameApi.Diagnosis.Engine;

/// <summary>Who is verifying: the subject's type as sent, else the document type's, else the platform's default.</summary>
internal static class SubjectTypes
{
    public static SubjectType Of(PlatformDefinition platform, Subject? subject, Document? document)
    {
        if (subject is not null && subject.Type != SubjectType.Unspecified)
        {
            return subject.Type;
        }

        return document?.Type switch
        {
            DocumentType.ResidentIdCard or DocumentType.TemporaryIdCard or DocumentType.Passport
                or DocumentType.HkMacaoTravelPermit or DocumentType.TaiwanTravelPermit or DocumentType.HmtResidencePermit
                or DocumentType.ForeignPermanentResidenceCard or DocumentType.HouseholdRegister => SubjectType.Person,
            DocumentType.BusinessLicense or DocumentType.UsccCertificate or DocumentType.OrganizationCodeCertificate
                or DocumentType.MilitaryUnitDocument or DocumentType.OverseasOrganizationCertificate => SubjectType.Organization,
            _ => platform.DefaultSubjectType,
        };
    }
}
