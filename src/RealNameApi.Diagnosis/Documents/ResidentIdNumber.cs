namespace RealNameApi.Diagnosis.Documents;

/// <summary>
/// The mainland resident identity card number (GB 11643-1999): 6-digit address code, 8-digit
/// birth date, 3-digit sequence and an ISO 7064 MOD 11-2 check character; and the legacy 15-digit
/// form (GB 11643-1989) with a 6-digit YYMMDD birth date and no check character. Numbers are
/// expected in upper case (X, not x).
/// </summary>
public static class ResidentIdNumber
{
    /// <summary>The length of the current number.</summary>
    public const int Length = 18;

    /// <summary>The length of the legacy number.</summary>
    public const int LegacyLength = 15;

    /// <summary>Birth dates before this are taken as slips: no living holder was born earlier.</summary>
    public static readonly DateOnly EarliestBirthDate = new(1900, 1, 1);

    // Y = sum(digit × weight) mod 11 selects the check character.
    private const string CheckCharacters = "10X98765432";

    private static ReadOnlySpan<byte> Weights => [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>
    /// The check character for the first 17 characters of <paramref name="number"/>, or
    /// <c>'\0'</c> when one of them is not a digit.
    /// </summary>
    public static char CheckCharacter(ReadOnlySpan<char> number)
    {
        var sum = 0;
        for (var i = 0; i < Length - 1; i++)
        {
            var digit = number[i] - '0';
            if ((uint)digit > 9)
            {
                return '\0';
            }

            sum += digit * Weights[i];
        }

        return CheckCharacters[sum % 11];
    }

    /// <summary>
    /// The 0-based index of the first character that cannot appear where it is: 17 digits, then a
    /// digit or X (18 characters); or 15 digits (legacy). -1 when every character is allowed.
    /// </summary>
    public static int FirstBadCharacter(ReadOnlySpan<char> number)
    {
        for (var i = 0; i < number.Length; i++)
        {
            var c = number[i];
            var last = number.Length == Length && i == Length - 1;
            if (!char.IsAsciiDigit(c) && !(last && c == 'X'))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Reads the birth date: characters 7-14 (YYYYMMDD) of an 18-character number, or 7-12
    /// (YYMMDD, 19YY) of a 15-digit one. False when they are not digits or not a real date.
    /// </summary>
    public static bool TryReadBirthDate(ReadOnlySpan<char> number, out DateOnly birthDate)
    {
        birthDate = default;
        int year, month, day;
        if (number.Length == Length)
        {
            if (!TryDigits(number.Slice(6, 4), out year) || !TryDigits(number.Slice(10, 2), out month) || !TryDigits(number.Slice(12, 2), out day))
            {
                return false;
            }
        }
        else if (number.Length == LegacyLength)
        {
            if (!TryDigits(number.Slice(6, 2), out year) || !TryDigits(number.Slice(8, 2), out month) || !TryDigits(number.Slice(10, 2), out day))
            {
                return false;
            }

            year += 1900;
        }
        else
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        birthDate = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>Whether a birth date is one a living holder can have on <paramref name="today"/>.</summary>
    public static bool IsPlausibleBirthDate(DateOnly birthDate, DateOnly today) =>
        birthDate >= EarliestBirthDate && birthDate <= today;

    /// <summary>
    /// Whether <paramref name="number"/> is a valid 18-character number on <paramref name="today"/>:
    /// allowed characters, a real and plausible birth date, and a matching check character.
    /// </summary>
    public static bool IsValid(ReadOnlySpan<char> number, DateOnly today) =>
        number.Length == Length
        && FirstBadCharacter(number) < 0
        && CheckCharacter(number) == number[Length - 1]
        && TryReadBirthDate(number, out var birthDate)
        && IsPlausibleBirthDate(birthDate, today);

    /// <summary>Whether <paramref name="number"/> is a well-formed legacy 15-digit number on <paramref name="today"/>.</summary>
    public static bool IsValidLegacy(ReadOnlySpan<char> number, DateOnly today) =>
        number.Length == LegacyLength
        && FirstBadCharacter(number) < 0
        && TryReadBirthDate(number, out var birthDate)
        && IsPlausibleBirthDate(birthDate, today);

    private static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
