using System.Text;
using RealNameApi.Contracts.V1;

namespace RealNameApi.Diagnosis.Documents;

/// <summary>
/// Checks the name fields. In the Chinese field the separators must be exactly the document's:
/// the middle dot · (U+00B7) and the title marks 《》, not look-alikes typed by another keyboard.
/// The English field takes half-width characters only, and no · or 《》 at all. Findings name one
/// offending character and its position (counted in Unicode characters), never the name.
/// </summary>
internal static class NameFieldRules
{
    public const string ChineseField = "document.holder_name";
    public const string EnglishField = "document.holder_name_en";

    private const char MiddleDot = '·';

    public static void Check(Document document, FindingCollector findings)
    {
        if (document.HolderName.Length > 0)
        {
            CheckChinese(document.HolderName, findings);
        }

        if (document.HolderNameEn.Length > 0)
        {
            CheckEnglish(document.HolderNameEn, findings);
        }
    }

    /// <summary>
    /// The separator a look-alike stands in for: <c>·</c>, <c>《</c> or <c>》</c>; <c>'\0'</c>
    /// when <paramref name="rune"/> is not a look-alike.
    /// </summary>
    public static char LookAlikeOf(Rune rune) => rune.Value switch
    {
        '.' or 0xFF0E or 0x3002 or 0xFF61 or 0x2022 or 0x30FB or 0xFF65 or 0x2219 or 0x22C5 or 0x2027
            or 0x3003 or 0x02D9 or 0x318D or 0xA78F or 0xFE52 or 0x25CF or 0x25E6 or 0x0387 or 0x2024
            or 0x16EB or 0x2E31 => MiddleDot,
        '<' or 0xFF1C or 0x3008 or 0x2039 or 0x00AB or 0x27E8 or 0x2329 or 0xFE64 or 0xFE3D => '《',
        '>' or 0xFF1E or 0x3009 or 0x203A or 0x00BB or 0x27E9 or 0x232A or 0xFE65 or 0xFE3E => '》',
        _ => '\0',
    };

    /// <summary>
    /// Whether <paramref name="rune"/> is full-width or wide (East Asian Width F or W): full-width
    /// forms and signs, the ideographic space, CJK punctuation, ideographs, kana and Hangul.
    /// </summary>
    public static bool IsFullWidth(Rune rune) => rune.Value switch
    {
        >= 0x1100 and <= 0x115F => true,
        >= 0x2E80 and <= 0xA4CF => true,
        >= 0xAC00 and <= 0xD7A3 => true,
        >= 0xF900 and <= 0xFAFF => true,
        >= 0xFE30 and <= 0xFE4F => true,
        >= 0xFF00 and <= 0xFF60 => true,
        >= 0xFFE0 and <= 0xFFE6 => true,
        >= 0x20000 and <= 0x3FFFD => true,
        _ => false,
    };

    private static void CheckChinese(string name, FindingCollector findings)
    {
        var first = default(Hit);
        var count = 0;
        var position = 0;
        foreach (var rune in name.EnumerateRunes())
        {
            position++;
            if (LookAlikeOf(rune) != '\0' && (count++ == 0))
            {
                first = new Hit(position, rune);
            }
        }

        if (count > 0)
        {
            var expected = findings.Show(new Rune(LookAlikeOf(first.Rune)));
            findings.Add(FindingCode.NameSeparator, FindingSeverity.Error, ChineseField, FindingTexts.ChineseNameLookAlike,
                first.Position, findings.Show(first.Rune), expected, More(count, findings));
        }
    }

    private static void CheckEnglish(string name, FindingCollector findings)
    {
        Hit firstSeparator = default, firstWide = default;
        int separators = 0, wide = 0, position = 0;
        foreach (var rune in name.EnumerateRunes())
        {
            position++;
            if (IsSeparatorInEnglish(rune))
            {
                if (separators++ == 0)
                {
                    firstSeparator = new Hit(position, rune);
                }
            }
            else if (IsFullWidth(rune) && wide++ == 0)
            {
                firstWide = new Hit(position, rune);
            }
        }

        if (separators > 0)
        {
            findings.Add(FindingCode.NameFullWidth, FindingSeverity.Error, EnglishField, FindingTexts.EnglishNameSeparator,
                firstSeparator.Position, findings.Show(firstSeparator.Rune), More(separators, findings));
        }

        if (wide > 0)
        {
            // The source says full-width characters cause a failure or a manual re-review.
            findings.Add(FindingCode.NameFullWidth, FindingSeverity.Warning, EnglishField, FindingTexts.EnglishNameFullWidth,
                firstWide.Position, findings.Show(firstWide.Rune), More(wide, findings));
        }
    }

    // The document's separators and their look-alikes, except ASCII ones (a full stop is ordinary
    // in "J. Smith") and full-width forms such as "．", which the full-width finding reports.
    private static bool IsSeparatorInEnglish(Rune rune) =>
        rune.Value is MiddleDot or '《' or '》'
        || (!rune.IsAscii && rune.Value is not (>= 0xFF00 and <= 0xFF60) && LookAlikeOf(rune) != '\0');

    private static string More(int count, FindingCollector findings) =>
        count > 1 ? string.Format(System.Globalization.CultureInfo.InvariantCulture, findings.Say(FindingTexts.MoreOccurrences), count) : "";

    private readonly record struct Hit(int Position, Rune Rune);
}
