using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace RealNameApi.Diagnosis.Matching;

/// <summary>
/// What of a message is not read: the catalog's own ids, and English clauses that deny.
/// </summary>
/// <remarks>
/// An id such as <c>dayu.qr-code-blank</c> in a message is an instruction to the classifier
/// ("label=…", "output …"), not a user's account of a failure, yet its words would read as the
/// rule's ("qr code blank"). An English clause that opens with a denial ("Not a selfie problem:",
/// "It's not the police photo") names another failure to rule it out; Chinese denials are left
/// out by <see cref="TextNormalizer"/>, as the normal form is written.
/// </remarks>
internal static partial class IgnoredText
{
    // What may open an English clause that denies, compared ignoring case (apostrophes straight or curly).
    private static readonly string[] EnglishDenials =
    [
        "not a ", "not the ", "not my ", "not about ", "nothing about ", "nothing to do with ", "no mention of ", "it is not ", "it was not ", "this is not ",
        "it's not ", "it isn't ", "it wasn't ", "this isn't ", "it’s not ", "it isn’t ", "it wasn’t ", "this isn’t ",
    ];

    // A denial's words that tell the failure itself: "it's not the same person", "not a match".
    private static readonly string[] EnglishDenialsKept = ["the same", "a match", "matching", "recogni", "valid", "accepted", "supported"];

    // Where an English clause ends: a clause's punctuation, and a colon ("Not a selfie problem: …").
    private static readonly SearchValues<char> ClauseEnds = SearchValues.Create(TextNormalizer.ClauseEndCharacters + ":：");

    // platform.rule-id: two or more hyphen-joined words after a dot, standing alone.
    [GeneratedRegex(@"(?<![A-Za-z0-9.\-])[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*\.[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+(?![A-Za-z0-9\-])", RegexOptions.CultureInvariant)]
    private static partial Regex CatalogId();

    /// <summary>The message with what is not read replaced by spaces, or the message itself when it holds none.</summary>
    public static string Without(string message)
    {
        if (message.Contains('.') && message.Contains('-'))
        {
            message = CatalogId().Replace(message, " ");
        }

        // Every English denial holds "no" (not, nothing, no mention) or "n't".
        return EnglishText.HasLatinWords(message)
            && (message.Contains("no", StringComparison.OrdinalIgnoreCase) || message.Contains("n't", StringComparison.Ordinal) || message.Contains("n’t", StringComparison.Ordinal))
            ? WithoutEnglishDenials(message)
            : message;
    }

    private static string WithoutEnglishDenials(string message)
    {
        StringBuilder? kept = null;
        var start = 0;
        while (start < message.Length)
        {
            var end = message.AsSpan(start).IndexOfAny(ClauseEnds);
            end = end < 0 ? message.Length : start + end + 1;
            var clause = message.AsSpan(start, end - start);
            if (IsEnglishDenial(clause.TrimStart()))
            {
                kept ??= new StringBuilder(message, 0, start, message.Length);
                kept.Append(' ');
            }
            else
            {
                kept?.Append(clause);
            }

            start = end;
        }

        // A text that is all denial still says what it is about.
        return kept is null || string.IsNullOrWhiteSpace(kept.ToString()) ? message : kept.ToString();
    }

    private static bool IsEnglishDenial(ReadOnlySpan<char> clause)
    {
        foreach (var denial in EnglishDenials)
        {
            if (clause.StartsWith(denial, StringComparison.OrdinalIgnoreCase))
            {
                var rest = clause[denial.Length..];
                foreach (var kept in EnglishDenialsKept)
                {
                    if (rest.StartsWith(kept, StringComparison.OrdinalIgnoreCase))
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        return false;
    }
}
