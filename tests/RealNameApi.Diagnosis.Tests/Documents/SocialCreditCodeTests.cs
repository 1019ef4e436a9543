using RealNameApi.Diagnosis.Documents;

namespace RealNameApi.Diagnosis.Tests.Documents;

public class SocialCreditCodeTests
{
    [Fact]
    public void TheFactsExampleIsValid()
    {
        Assert.True(SocialCreditCode.IsValid("91350100M000100Y43"));
        Assert.Equal('3', SocialCreditCode.CheckCharacter("91350100M000100Y43"));
    }

    [Fact]
    public void CheckCharacterIsMod31WithPowersOfThree()
    {
        // Independent of the implementation: weights 3^(i-1) mod 31, C18 = 31 - (sum mod 31), 31 -> 0.
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        const string code = "91350100M000100Y43";
        var sum = 0;
        var weight = 1;
        for (var i = 0; i < 17; i++)
        {
            sum += alphabet.IndexOf(code[i], StringComparison.Ordinal) * weight;
            weight = weight * 3 % 31;
        }

        var check = 31 - (sum % 31);
        Assert.Equal(code[17], alphabet[check == 31 ? 0 : check]);
    }

    [Theory]
    [InlineData("91350100M000100Y44")] // wrong check character
    [InlineData("91350100M000100Y4")]  // 17 characters
    [InlineData("9135O100M000100Y43")] // letter O
    [InlineData("91350100M000100S43")] // S is not in the character set
    [InlineData("91A50100M000100Y43")] // a letter in the division code
    [InlineData("11010519491231002X")] // a resident ID number
    public void InvalidCodes(string code)
    {
        Assert.False(SocialCreditCode.IsValid(code));
    }

    [Theory]
    [InlineData('I')]
    [InlineData('O')]
    [InlineData('Z')]
    [InlineData('S')]
    [InlineData('V')]
    [InlineData('a')]
    public void LettersOutsideTheSetHaveNoValue(char c)
    {
        Assert.Equal(-1, SocialCreditCode.ValueOf(c));
    }

    [Theory]
    [InlineData("91350100M000100Y43", -1)]
    [InlineData("9I350100M000100Y43", 1)]
    [InlineData("91350B00M000100Y43", 5)]
    public void FirstBadCharacter(string code, int expected)
    {
        Assert.Equal(expected, SocialCreditCode.FirstBadCharacter(code));
    }
}
