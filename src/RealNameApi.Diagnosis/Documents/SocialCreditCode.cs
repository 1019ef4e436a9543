namespace RealNameApi.Diagnosis.Documents;

/// <summary>
/// The unified social credit code of an organisation (GB 32100-2015): 18 characters from a
/// 31-character set (no I, O, Z, S or V), characters 3-8 a numeric division code, and a check
/// character computed modulo 31. Codes are expected in upper case.
/// </summary>
public static class SocialCreditCode
{
    /// <summary>The length of a code.</summary>
    public const int Length = 18;

    /// <summary>The characters a code may use; a character's value is its index here.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    // 3^(i-1) mod 31 for positions 1..17.
    private static ReadOnlySpan<byte> Weights => [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>The value of <paramref name="c"/> in the alphabet, or -1 when it is not in it.</summary>
    public static int ValueOf(char c) => c < 128 ? Alphabet.IndexOf(c, StringComparison.Ordinal) : -1;

    /// <summary>
    /// The 0-based index of the first character that cannot appear where it is (outside the
    /// alphabet, or a non-digit in the division code), or -1 when every character is allowed.
    /// </summary>
    public static int FirstBadCharacter(ReadOnlySpan<char> code)
    {
        for (var i = 0; i < code.Length; i++)
        {
            var inDivisionCode = i is >= 2 and <= 7;
            if (ValueOf(code[i]) < 0 || (inDivisionCode && !char.IsAsciiDigit(code[i])))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The check character for the first 17 characters of <paramref name="code"/>, or
    /// <c>'\0'</c> when one of them is outside the alphabet.
    /// </summary>
    public static char CheckCharacter(ReadOnlySpan<char> code)
    {
        var sum = 0;
        for (var i = 0; i < Length - 1; i++)
        {
            var value = ValueOf(code[i]);
            if (value < 0)
            {
                return '\0';
            }

            sum += value * Weights[i];
        }

        // C18 = 31 - (sum mod 31), where 31 stands for 0.
        return Alphabet[(31 - (sum % 31)) % 31];
    }

    /// <summary>Whether <paramref name="code"/> is a valid code: length, characters and check character.</summary>
    public static bool IsValid(ReadOnlySpan<char> code) =>
        code.Length == Length
        && FirstBadCharacter(code) < 0
        && CheckCharacter(code) == code[Length - 1];
}
