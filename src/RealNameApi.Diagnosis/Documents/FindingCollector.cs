using System.Globalization;
using System.Text;
using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Localization;

namespace RealNameApi.Diagnosis.Documents;

/// <summary>
/// Gathers the findings of one check, with their texts in the request's locale, and hands them
/// back most serious first. No list is allocated for a clean document.
/// </summary>
internal sealed class FindingCollector(Locale locale)
{
    private List<DocumentFinding>? _findings;

    public Locale Locale { get; } = locale;

    public DocumentFinding Add(FindingCode code, FindingSeverity severity, string field, LocalizedText text, params ReadOnlySpan<object?> args)
    {
        var template = text.For(Locale);
        var finding = new DocumentFinding
        {
            Code = code,
            Severity = severity,
            Field = field,
            Message = args.IsEmpty ? template : string.Format(CultureInfo.InvariantCulture, template, args),
        };
        (_findings ??= []).Add(finding);
        return finding;
    }

    /// <summary>Localises <paramref name="text"/>, for texts that go into another text.</summary>
    public string Say(LocalizedText text) => text.For(Locale);

    /// <summary>
    /// A single character as a message may show it: quoted, or described when it is whitespace or
    /// invisible. Showing one character (never the text around it) keeps personal data out.
    /// </summary>
    public string Show(Rune rune)
    {
        if (Rune.IsWhiteSpace(rune))
        {
            return Say(FindingTexts.Space) + $" (U+{rune.Value:X4})";
        }

        if (Rune.IsControl(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned)
        {
            return $"U+{rune.Value:X4}";
        }

        return Locale == Locale.En ? $"\"{rune}\" (U+{rune.Value:X4})" : $"“{rune}”(U+{rune.Value:X4})";
    }

    /// <summary>The findings, most serious first; equal severities keep the order they were found in.</summary>
    public IReadOnlyList<DocumentFinding> ToList()
    {
        if (_findings is null)
        {
            return [];
        }

        // Insertion sort: stable, and there are only ever a handful of findings.
        for (var i = 1; i < _findings.Count; i++)
        {
            var finding = _findings[i];
            var j = i - 1;
            while (j >= 0 && _findings[j].Severity < finding.Severity)
            {
                _findings[j + 1] = _findings[j];
                j--;
            }

            _findings[j + 1] = finding;
        }

        return _findings;
    }
}
