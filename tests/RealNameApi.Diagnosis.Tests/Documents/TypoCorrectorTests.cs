using RealNameApi.Diagnosis.Documents;

namespace RealNameApi.Diagnosis.Tests.Documents;

public class TypoCorrectorTests
{
    private static readonly DateOnly Today = new(2026, 6, 1);

    [Theory]
    [InlineData("1101051949123I002X", 14, 'I', '1')]
    [InlineData("110105194912310O2X", 16, 'O', '0')]
    public void ASingleSlipInAnIdNumberIsFound(string number, int position, char found, char replacement)
    {
        var typo = TypoCorrector.Find(number, candidate => ResidentIdNumber.IsValid(candidate, Today));

        Assert.True(typo.IsUnique);
        Assert.Equal(new TypoCorrection(1, position, found, replacement), typo);
    }

    [Fact]
    public void ASingleSlipInACreditCodeIsFound()
    {
        var typo = TypoCorrector.Find("9135O100M000100Y43", SocialCreditCode.IsValid);

        Assert.Equal(new TypoCorrection(1, 5, 'O', '0'), typo);
    }

    [Fact]
    public void TwoWorkingCorrectionsAreAmbiguous()
    {
        // Changing 8 to B at position 2 or B to 8 at position 17 both fix the check character:
        // their weights, 3 and 28, are opposite modulo 31.
        var typo = TypoCorrector.Find("98350100M0001000BT", SocialCreditCode.IsValid);

        Assert.Equal(2, typo.Candidates);
        Assert.False(typo.IsUnique);
    }

    [Theory]
    [InlineData("110105194912310021")] // wrong check character, no confusable letter
    [InlineData("11010519491231A02X")] // A has no look-alike digit
    [InlineData("1101051949123IO02X")] // two slips: no single change helps
    public void NothingIsOfferedWhenNoSingleSwapHelps(string number)
    {
        var typo = TypoCorrector.Find(number, candidate => ResidentIdNumber.IsValid(candidate, Today));

        Assert.Equal(0, typo.Candidates);
    }

    [Fact]
    public void TheNumberIsNotChanged()
    {
        var number = "1101051949123I002X".ToCharArray();
        TypoCorrector.Find(number, candidate => ResidentIdNumber.IsValid(candidate, Today));
        Assert.Equal("1101051949123I002X", new string(number));
    }
}
