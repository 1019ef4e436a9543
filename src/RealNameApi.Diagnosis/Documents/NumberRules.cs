using System.Text;
using RealNameApi.Contracts.V1;

namespace RealNameApi.Diagnosis.Documents;

/// <summary>
/// Checks the document number against the selected document type: resident ID numbers (18
/// characters and the legacy 15 digits), unified social credit codes, and the shapes of other
/// documents' numbers where a mix-up can be recognised. Findings name positions and single
/// characters only.
/// </summary>
internal static class NumberRules
{
    public const string Field = "document.number";

    private static readonly NumberValidator UsccValidator = SocialCreditCode.IsValid;

    /// <summary>
    /// Adds the number's findings and returns the holder's birth date when the number is a resident
    /// ID number good enough to read it from (the validity checks use it), else null.
    /// </summary>
    public static DateOnly? Check(Document document, DateOnly today, FindingCollector findings)
    {
        var entered = document.Number;
        if (entered.Length == 0)
        {
            return null;
        }

        // Upper-casing only allocates when the number has lower-case letters.
        var number = entered.ToUpperInvariant();
        switch (document.Type)
        {
            case DocumentType.ResidentIdCard or DocumentType.TemporaryIdCard or DocumentType.HouseholdRegister or DocumentType.HmtResidencePermit:
                return CheckResidentId(document.Type, entered, number, today, findings);
            case DocumentType.BusinessLicense or DocumentType.UsccCertificate or DocumentType.OrganizationCodeCertificate:
                CheckSocialCreditCode(document.Type, entered, number, today, findings);
                return null;
            case DocumentType.Passport or DocumentType.HkMacaoTravelPermit or DocumentType.TaiwanTravelPermit
                or DocumentType.ForeignPermanentResidenceCard or DocumentType.OverseasOrganizationCertificate:
                CheckNotAMainlandNumber(document.Type, number, today, findings);
                return null;
            default:
                // Unspecified, military and other documents have no number format to check.
                return null;
        }
    }

    /// <summary>Whether an 18-character number carries a residence-permit address code (81/82/83 0000).</summary>
    public static bool IsResidencePermitNumber(ReadOnlySpan<char> number) =>
        number.Length == ResidentIdNumber.Length
        && number[0] == '8' && number[1] is '1' or '2' or '3'
        && number[2..6].SequenceEqual("0000");

    /// <summary>The shape of a Mainland Travel Permit for Hong Kong and Macao Residents: H or M, then 8 or 10 digits.</summary>
    public static bool LooksLikeHkMacaoPermit(ReadOnlySpan<char> number) =>
        number.Length is 9 or 11 && number[0] is 'H' or 'M' && AllDigits(number[1..]);

    private static bool LooksLikePassport(ReadOnlySpan<char> number)
    {
        // One or two letters and 6 to 9 digits: the usual shape of Chinese and many foreign passports.
        var letters = 0;
        while (letters < number.Length && char.IsAsciiLetterUpper(number[letters]))
        {
            letters++;
        }

        var digits = number.Length - letters;
        return letters is 1 or 2 && digits is >= 6 and <= 9 && AllDigits(number[letters..]);
    }

    private static DateOnly? CheckResidentId(DocumentType type, string entered, string number, DateOnly today, FindingCollector findings)
    {
        // Some 18-digit strings pass both checksums' shapes. One that carries a real birth date is
        // far more likely an ID number with a slip than a company's code.
        if (number.Length == SocialCreditCode.Length && !ResidentIdNumber.IsValid(number, today)
            && !ResidentIdNumber.TryReadBirthDate(number, out _) && SocialCreditCode.IsValid(number))
        {
            Mismatch(findings, FindingTexts.UsccGivenForOther, type);
            return null;
        }

        if (number.Length == ResidentIdNumber.LegacyLength)
        {
            return CheckLegacyId(entered, number, today, findings);
        }

        if (number.Length != ResidentIdNumber.Length)
        {
            if (LooksLikeHkMacaoPermit(number))
            {
                Mismatch(findings, FindingTexts.HkMacaoPermitGivenForId, type);
            }
            else if (LooksLikePassport(number))
            {
                Mismatch(findings, FindingTexts.PassportGivenForId, type);
            }
            else
            {
                findings.Add(FindingCode.NumberLength, FindingSeverity.Error, Field, FindingTexts.IdLength, RuneCount(entered));
            }

            return null;
        }

        if (entered[^1] == 'x')
        {
            findings.Add(FindingCode.NumberCharset, FindingSeverity.Info, Field, FindingTexts.LowerCaseX);
        }

        var bad = ResidentIdNumber.FirstBadCharacter(number);
        var birthKnown = ResidentIdNumber.TryReadBirthDate(number, out var birthDate);
        var checksumMatches = bad < 0 && ResidentIdNumber.CheckCharacter(number) == number[^1];
        if (bad < 0 && checksumMatches && birthKnown && ResidentIdNumber.IsPlausibleBirthDate(birthDate, today))
        {
            var isPermitNumber = IsResidencePermitNumber(number);
            if (type == DocumentType.HmtResidencePermit && !isPermitNumber)
            {
                Mismatch(findings, FindingTexts.ResidentIdGivenForOther, type);
            }
            else if (type != DocumentType.HmtResidencePermit && isPermitNumber)
            {
                Mismatch(findings, FindingTexts.ResidencePermitGivenForId, type);
            }

            return birthDate;
        }

        var typo = FindIdTypo(number, today, legacy: false);
        if (typo.IsUnique)
        {
            AddTypo(findings, entered, typo);
            return null;
        }

        if (bad >= 0)
        {
            AddBadCharacter(findings, entered, bad, FindingTexts.IdCharset);
        }
        else
        {
            if (!birthKnown || !ResidentIdNumber.IsPlausibleBirthDate(birthDate, today))
            {
                AddBirthDate(findings, birthKnown, birthDate, today, first: 7, last: 14);
            }

            if (!checksumMatches)
            {
                findings.Add(FindingCode.NumberChecksum, FindingSeverity.Error, Field, FindingTexts.IdChecksum);
            }
        }

        AddAmbiguousTypo(findings, typo);
        return null;
    }

    private static DateOnly? CheckLegacyId(string entered, string number, DateOnly today, FindingCollector findings)
    {
        var bad = ResidentIdNumber.FirstBadCharacter(number);
        if (bad >= 0)
        {
            var typo = FindIdTypo(number, today, legacy: true);
            if (typo.IsUnique)
            {
                AddTypo(findings, entered, typo);
                return null;
            }

            AddBadCharacter(findings, entered, bad, FindingTexts.LegacyIdCharset);
            AddAmbiguousTypo(findings, typo);
            return null;
        }

        var birthKnown = ResidentIdNumber.TryReadBirthDate(number, out var birthDate);
        var birthPlausible = birthKnown && ResidentIdNumber.IsPlausibleBirthDate(birthDate, today);
        if (!birthPlausible)
        {
            AddBirthDate(findings, birthKnown, birthDate, today, first: 7, last: 12);
        }

        findings.Add(FindingCode.IdLegacy15Digit, FindingSeverity.Warning, Field, FindingTexts.Legacy15Digit);
        return birthPlausible ? birthDate : null;
    }

    private static void CheckSocialCreditCode(DocumentType type, string entered, string number, DateOnly today, FindingCollector findings)
    {
        if (SocialCreditCode.IsValid(number))
        {
            NoteLowerCase(findings, entered);
            return;
        }

        if (ResidentIdNumber.IsValid(number, today))
        {
            Mismatch(findings, FindingTexts.ResidentIdGivenForOther, type);
            return;
        }

        if (number.Length != SocialCreditCode.Length)
        {
            findings.Add(FindingCode.NumberLength, FindingSeverity.Error, Field, FindingTexts.UsccLength, RuneCount(entered));
            return;
        }

        NoteLowerCase(findings, entered);
        var typo = TypoCorrector.Find(number, UsccValidator);
        if (typo.IsUnique)
        {
            AddTypo(findings, entered, typo);
            return;
        }

        var bad = SocialCreditCode.FirstBadCharacter(number);
        if (bad >= 0)
        {
            AddBadCharacter(findings, entered, bad, FindingTexts.UsccCharset);
        }
        else
        {
            findings.Add(FindingCode.NumberChecksum, FindingSeverity.Error, Field, FindingTexts.UsccChecksum);
        }

        AddAmbiguousTypo(findings, typo);
    }

    private static void CheckNotAMainlandNumber(DocumentType type, string number, DateOnly today, FindingCollector findings)
    {
        if (ResidentIdNumber.IsValid(number, today))
        {
            Mismatch(findings, FindingTexts.ResidentIdGivenForOther, type);
        }
        else if (SocialCreditCode.IsValid(number))
        {
            Mismatch(findings, FindingTexts.UsccGivenForOther, type);
        }
    }

    // A method of its own so the closure over today is only allocated when a number is invalid.
    private static TypoCorrection FindIdTypo(string number, DateOnly today, bool legacy) => legacy
        ? TypoCorrector.Find(number, candidate => ResidentIdNumber.IsValidLegacy(candidate, today))
        : TypoCorrector.Find(number, candidate => ResidentIdNumber.IsValid(candidate, today));

    private static void Mismatch(FindingCollector findings, Localization.LocalizedText text, DocumentType type) =>
        findings.Add(FindingCode.TypeNumberMismatch, FindingSeverity.Error, Field, text, findings.Say(DocumentNames.Of(type)));

    private static void NoteLowerCase(FindingCollector findings, string entered)
    {
        foreach (var c in entered)
        {
            if (char.IsAsciiLetterLower(c))
            {
                findings.Add(FindingCode.NumberCharset, FindingSeverity.Info, Field, FindingTexts.LowerCaseLetters);
                return;
            }
        }
    }

    private static void AddTypo(FindingCollector findings, string entered, TypoCorrection typo)
    {
        // Report the character as the user typed it (a lower-case o stays o).
        var found = entered[typo.Position - 1];
        var finding = findings.Add(FindingCode.NumberLikelyTypo, FindingSeverity.Error, Field, FindingTexts.TypoUnique, typo.Position, found, typo.Replacement);
        finding.Correction = new NumberCorrection
        {
            Position = typo.Position,
            Found = found.ToString(),
            Replacement = typo.Replacement.ToString(),
        };
    }

    private static void AddAmbiguousTypo(FindingCollector findings, TypoCorrection typo)
    {
        if (typo.Candidates > 1)
        {
            findings.Add(FindingCode.NumberLikelyTypo, FindingSeverity.Warning, Field, FindingTexts.TypoAmbiguous, typo.Candidates);
        }
    }

    private static void AddBadCharacter(FindingCollector findings, string entered, int index, Localization.LocalizedText text)
    {
        Rune.DecodeFromUtf16(entered.AsSpan(index), out var rune, out _);
        var position = RuneCount(entered.AsSpan(0, index)) + 1;
        var isFullWidth = rune.Value is >= 0xFF01 and <= 0xFF5E or 0x3000;
        findings.Add(FindingCode.NumberCharset, FindingSeverity.Error, Field, isFullWidth ? FindingTexts.FullWidthInNumber : text, position, findings.Show(rune));
    }

    private static void AddBirthDate(FindingCollector findings, bool known, DateOnly birthDate, DateOnly today, int first, int last)
    {
        var text = !known ? FindingTexts.BirthDateNotReal
            : birthDate > today ? FindingTexts.BirthDateInFuture
            : FindingTexts.BirthDateTooEarly;
        findings.Add(FindingCode.IdBirthDate, FindingSeverity.Error, Field, text, first, last);
    }

    private static bool AllDigits(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');

    private static int RuneCount(ReadOnlySpan<char> text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }
}
