using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Calendars;
using RealNameApi.Diagnosis.Localization;

namespace RealNameApi.Diagnosis.Documents;

/// <summary>
/// Runs every document check and returns what they found, most serious first, with texts in the
/// requested locale: the number against the document type (<see cref="NumberRules"/>), the dates
/// (<see cref="ValidityRules"/>), the uploaded files (<see cref="FileRules"/>), the name fields
/// (<see cref="NameFieldRules"/>) and the subject (<see cref="SubjectRules"/>).
/// </summary>
/// <remarks>
/// Pure and thread-safe; one instance serves every request. A finding never holds the number or a
/// name: at most a position and one character. Empty fields are not checked: which fields a
/// request must carry is for the service to decide.
/// </remarks>
public sealed class DocumentChecker
{
    private readonly RetryWindowCalculator _retryWindows;

    /// <summary>Creates a checker whose newly-issued findings get windows from <paramref name="retryWindows"/>.</summary>
    public DocumentChecker(RetryWindowCalculator retryWindows)
    {
        ArgumentNullException.ThrowIfNull(retryWindows);
        _retryWindows = retryWindows;
    }

    /// <summary>Checks <paramref name="document"/> (and <paramref name="subject"/>, when given).</summary>
    /// <param name="document">The document as entered.</param>
    /// <param name="subject">The subject, for the region and country-code checks; null skips them.</param>
    /// <param name="uploadLimits">The platform's limits per upload channel; empty skips size and format checks.</param>
    /// <param name="today">Today in Asia/Shanghai, for expiry, newly-issued and birth-date checks.</param>
    /// <param name="locale">The language of the messages.</param>
    /// <returns>The findings, errors first, then warnings, then notes; empty for a clean document.</returns>
    public IReadOnlyList<DocumentFinding> Check(Document document, Subject? subject, IReadOnlyList<UploadLimits> uploadLimits, DateOnly today, Locale locale)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(uploadLimits);

        var findings = new FindingCollector(locale);
        var birthDate = NumberRules.Check(document, today, findings);
        ValidityRules.Check(document, birthDate, today, _retryWindows, findings);
        FileRules.Check(document.Files, uploadLimits, findings);
        NameFieldRules.Check(document, findings);
        if (subject is not null)
        {
            SubjectRules.Check(document, subject, findings);
        }

        return findings.ToList();
    }
}
