using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace RealNameApi.Diagnosis.Matching;

/// <summary>
/// What of a message is not read: the catalog's own ids, and English clauses that deny or tell
/// what was not there.
/// </summary>
/// <remarks>
/// An id such as <c>dayu.qr-code-blank</c> in a message is an instruction to the classifier
/// ("label=…", "output …"), not a user's account of a failure, yet its words would read as the
/// rule's ("qr code blank"). An English clause that opens with a denial ("Not a selfie problem:",
/// "It's not the police photo"), or tells what was not there ("I got no network error", "no
/// 'XML schema' after it"), names another failure to rule it out, and so does "not" before a
/// Chinese prompt; Chinese denials are left out by <see cref="TextNormalizer"/>, as the normal
/// form is written.
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

    // What may open an English clause that says something was not there ("I got no network
    // error", "it doesn't mention the face"), and the absences that tell the failure itself:
    // no message at all is how an abnormal failure looks, no QR code a blank one.
    private static readonly string[] EnglishAbsences =
    [
        "it doesn't mention ", "it does not mention ", "doesn't mention ", "does not mention ", "it doesn’t mention ", "doesn’t mention ",
        "it doesn't say ", "it does not say ", "it didn't say ", "it doesn’t say ", "i got no ", "i had no ", "i saw no ",
        "there was no ", "there is no ", "there's no ", "there’s no ", "no '", "no \"", "no “", "no ‘",
    ];

    private static readonly string[] EnglishAbsencesKept = ["any", "error message", "message", "prompt", "reason", "response", "result", "qr", "code", "failure message", "hint"];

    // What opens a clause that goes on a denial's list ("it doesn't mention the owner, the face or the photo").
    private static readonly string[] ListContinuations = ["the ", "or ", "and ", "nor ", "a ", "an ", "any ", "its ", "my "];

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
        var listGoesOn = false;
        while (start < message.Length)
        {
            var end = message.AsSpan(start).IndexOfAny(ClauseEnds);
            end = end < 0 ? message.Length : start + end + 1;
            var clause = message.AsSpan(start, end - start);
            var opening = clause.TrimStart();
            if (IsEnglishDenial(opening) || (listGoesOn && StartsWithAny(opening, ListContinuations)))
            {
                kept ??= new StringBuilder(message, 0, start, message.Length);
                kept.Append(' ');
                listGoesOn = clause[^1] is ',' or '，';
            }
            else
            {
                kept?.Append(clause);
                listGoesOn = false;
            }

            start = end;
        }

        // A text that is all denial still says what it is about.
        return kept is null || string.IsNullOrWhiteSpace(kept.ToString()) ? message : kept.ToString();
    }

    private static bool IsEnglishDenial(ReadOnlySpan<char> clause) =>
        OpensWith(clause, EnglishDenials, EnglishDenialsKept) || OpensWith(clause, EnglishAbsences, EnglishAbsencesKept) || DeniesChinese(clause);

    // Whether the clause opens with one of `openings`, not followed by one of `kept`.
    private static bool OpensWith(ReadOnlySpan<char> clause, string[] openings, string[] kept)
    {
        foreach (var opening in openings)
        {
            if (clause.StartsWith(opening, StringComparison.OrdinalIgnoreCase))
            {
                return !StartsWithAny(clause[opening.Length..].TrimStart(), kept);
            }
        }

        return false;
    }

    // "not 姓名身份证号不匹配 that one": an English "not" before the Chinese it rules out.
    private static bool DeniesChinese(ReadOnlySpan<char> clause) =>
        clause.StartsWith("not ", StringComparison.OrdinalIgnoreCase) && clause[4..].TrimStart() is [>= '\u3400', ..];

    private static bool StartsWithAny(ReadOnlySpan<char> text, string[] words)
    {
        foreach (var word in words)
        {
            if (text.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
