using System.Globalization;
using RealNameApi.Diagnosis.Documents;

namespace RealNameApi.Diagnosis.Tests.Documents;

public class ResidentIdNumberTests
{
    private static readonly DateOnly Today = new(2026, 6, 1);

    [Theory]
    [InlineData("11010519491231002X")] // FACTS.md
    [InlineData("34052419800101001X")] // FACTS.md
    [InlineData("440306199003071232")]
    [InlineData("110105200002290013")] // born 29 February 2000, a leap year
    [InlineData("110105199602291233")] // born 29 February 1996
    [InlineData("110105202605200012")] // born eleven days before today
    public void ValidNumbers(string number)
    {
        Assert.True(ResidentIdNumber.IsValid(number, Today));
        Assert.Equal(number[^1], ResidentIdNumber.CheckCharacter(number));
    }

    [Theory]
    [InlineData("11010519491231002X", 'X')]
    [InlineData("34052419800101001X", 'X')]
    [InlineData("440306199003071232", '2')]
    [InlineData("110105200402290039", '9')]
    public void CheckCharacterIsMod11_2(string number, char expected)
    {
        // Independent of the implementation: Y = sum(digit × weight) mod 11 through "10X98765432".
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = number.Take(17).Select((c, i) => (c - '0') * weights[i]).Sum();
        Assert.Equal(expected, "10X98765432"[sum % 11]);
        Assert.Equal(expected, ResidentIdNumber.CheckCharacter(number));
    }

    [Theory]
    [InlineData("110105194912310021")] // wrong check character
    [InlineData("11010519491231002x")] // lower-case x is not the canonical form
    [InlineData("1101051949123I002X")] // letter I
    [InlineData("110105200102290010")] // 29 February 2001 does not exist; checksum matches
    [InlineData("110105190002290017")] // 1900 was not a leap year; checksum matches
    [InlineData("110105209912310010")] // born in 2099
    [InlineData("110105189912310015")] // born in 1899
    [InlineData("11010519491231002")]  // 17 characters
    public void InvalidNumbers(string number)
    {
        Assert.False(ResidentIdNumber.IsValid(number, Today));
    }

    [Theory]
    [InlineData("110105200002290013", "2000-02-29")]
    [InlineData("110105491231002", "1949-12-31")] // legacy 15 digits: 19YY
    public void BirthDateIsRead(string number, string expected)
    {
        Assert.True(ResidentIdNumber.TryReadBirthDate(number, out var birthDate));
        Assert.Equal(DateOnly.ParseExact(expected, "yyyy-MM-dd", CultureInfo.InvariantCulture), birthDate);
    }

    [Theory]
    [InlineData("110105200102290010")]
    [InlineData("110105190002290017")]
    [InlineData("110105199913320012")]
    [InlineData("110105010229001")] // 15 digits: 29 February 1901
    public void ImpossibleBirthDatesAreNotRead(string number)
    {
        Assert.False(ResidentIdNumber.TryReadBirthDate(number, out _));
    }

    [Theory]
    [InlineData("110105491231002", true)]
    [InlineData("110105490231002", false)] // 31 February
    [InlineData("11010549123100X", false)] // no check character in the legacy form
    public void LegacyNumbers(string number, bool valid)
    {
        Assert.Equal(valid, ResidentIdNumber.IsValidLegacy(number, Today));
    }

    [Theory]
    [InlineData("11010519491231002X", -1)]
    [InlineData("X1010519491231002X", 0)]
    [InlineData("1101051949123100 X", 16)]
    [InlineData("110105491231002", -1)]
    [InlineData("11010549123100X", 14)]
    public void FirstBadCharacter(string number, int expected)
    {
        Assert.Equal(expected, ResidentIdNumber.FirstBadCharacter(number));
    }
}
