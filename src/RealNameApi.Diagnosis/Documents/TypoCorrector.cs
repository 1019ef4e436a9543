namespace RealNameApi.Diagnosis.Documents;

/// <summary>Decides whether a number is valid; used to try corrections.</summary>
public delegate bool NumberValidator(ReadOnlySpan<char> number);

/// <summary>
/// What <see cref="TypoCorrector"/> found: how many single-character corrections make the number
/// valid, and the correction itself when there is exactly one.
/// </summary>
/// <param name="Candidates">0: no correction works; 1: <see cref="Position"/> names it; more: ambiguous.</param>
/// <param name="Position">1-based position of the character to change, when <see cref="Candidates"/> is 1.</param>
/// <param name="Found">The character at that position.</param>
/// <param name="Replacement">The character that makes the number valid.</param>
public readonly record struct TypoCorrection(int Candidates, int Position, char Found, char Replacement)
{
    /// <summary>Exactly one correction makes the number valid.</summary>
    public bool IsUnique => Candidates == 1;
}

/// <summary>
/// Looks for the typing slips users make in document numbers: the digit 0 for the letter O, 1 for
/// I, 8 for B, and back. Every such character is swapped in turn and the result validated, so a
/// correction is only offered when it makes the whole number (characters and check) valid.
/// </summary>
public static class TypoCorrector
{
    private const int MaxLength = 64;

    /// <summary>Tries every single 0/O, 1/I, 8/B swap in <paramref name="number"/>.</summary>
    public static TypoCorrection Find(ReadOnlySpan<char> number, NumberValidator isValid)
    {
        ArgumentNullException.ThrowIfNull(isValid);
        if (number.Length > MaxLength)
        {
            return default;
        }

        Span<char> candidate = stackalloc char[number.Length];
        number.CopyTo(candidate);
        var result = default(TypoCorrection);
        for (var i = 0; i < candidate.Length; i++)
        {
            var found = candidate[i];
            var replacement = Partner(found);
            if (replacement == '\0')
            {
                continue;
            }

            candidate[i] = replacement;
            if (isValid(candidate))
            {
                result = result.Candidates == 0
                    ? new TypoCorrection(1, i + 1, found, replacement)
                    : result with { Candidates = result.Candidates + 1 };
            }

            candidate[i] = found;
        }

        return result;
    }

    private static char Partner(char c) => c switch
    {
        '0' => 'O',
        'O' => '0',
        '1' => 'I',
        'I' => '1',
        '8' => 'B',
        'B' => '8',
        _ => '\0',
    };
}
