using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Localization;
using static RealNameApi.Diagnosis.Tests.Documents.Checks;

namespace RealNameApi.Diagnosis.Tests.Documents;

public class NameFindingTests
{
    private static IReadOnlyList<DocumentFinding> RunNames(string chinese, string english, Locale locale = Locale.En) =>
        Run(new Document { HolderName = chinese, HolderNameEn = english }, locale: locale);

    [Theory]
    [InlineData("阿依古丽·买买提", "Ayiguli Maimaiti")]
    [InlineData("北京《读者》文化传媒有限公司", "Beijing Duzhe Culture Media Co., Ltd.")]
    [InlineData("John Smith", "J. Smith")]
    [InlineData("", "")]
    public void NamesFollowingTheRulesHaveNoFindings(string chinese, string english)
    {
        Assert.Empty(RunNames(chinese, english));
    }

    [Theory]
    [InlineData("阿依古丽.买买提", '.', '·')]
    [InlineData("阿依古丽•买买提", '•', '·')]
    [InlineData("阿依古丽・买买提", '・', '·')]
    [InlineData("阿依古丽･买买提", '･', '·')]
    [InlineData("阿依古丽〃买买提", '〃', '·')]
    [InlineData("阿依古丽．买买提", '．', '·')]
    [InlineData("阿依古丽。买买提", '。', '·')]
    [InlineData("阿依古丽∙买买提", '∙', '·')]
    [InlineData("阿依古丽<买买提", '<', '《')]
    [InlineData("阿依古丽〈买买提", '〈', '《')]
    [InlineData("阿依古丽＞买买提", '＞', '》')]
    public void ALookAlikeSeparatorInTheChineseNameIsAnError(string name, char lookAlike, char separator)
    {
        var finding = Assert.Single(RunNames(name, ""));

        Assert.Equal(FindingCode.NameSeparator, finding.Code);
        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Equal("document.holder_name", finding.Field);
        Assert.StartsWith($"Character 5 of the Chinese name is \"{lookAlike}\"", finding.Message, StringComparison.Ordinal);
        Assert.Contains($"a look-alike of \"{separator}\"", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryOccurrenceIsCountedAndTheFirstNamed()
    {
        var finding = Assert.Single(RunNames("北京<读者>文化传媒有限公司", "", Locale.ZhCN));

        Assert.StartsWith("中文名称第3个字符“<”", finding.Message, StringComparison.Ordinal);
        Assert.Contains("共2处", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PositionsCountCharactersNotUtf16Units()
    {
        // 𠀀 is one character outside the Basic Multilingual Plane (two UTF-16 units).
        var finding = Assert.Single(RunNames("𠀀李.四", ""));

        Assert.StartsWith("Character 3 ", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Ａyiguli Maimaiti", 1, "Ａ")]
    [InlineData("Ayiguli　Maimaiti", 8, "U+3000")]  // ideographic space
    [InlineData("Ayiguli，Maimaiti", 8, "，")]
    [InlineData("Ayiguli Maimaiti．", 17, "．")]
    [InlineData("阿依古丽", 1, "阿")]
    public void AFullWidthCharacterInTheEnglishNameIsAWarning(string name, int position, string shown)
    {
        var finding = Assert.Single(RunNames("", name));

        Assert.Equal(FindingCode.NameFullWidth, finding.Code);
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal("document.holder_name_en", finding.Field);
        Assert.StartsWith($"Character {position} of the English name is", finding.Message, StringComparison.Ordinal);
        Assert.Contains(shown, finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Ayiguli·Maimaiti", "·")]
    [InlineData("《Duzhe》 Media", "《")]
    [InlineData("Ayiguli•Maimaiti", "•")]
    [InlineData("Ayiguli・Maimaiti", "・")]
    public void ASeparatorInTheEnglishNameIsAnError(string name, string shown)
    {
        var finding = RunNames("", name).Only(FindingCode.NameFullWidth);

        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Contains($"\"{shown}\"", finding.Message, StringComparison.Ordinal);
        Assert.Contains("must be removed", finding.Message, StringComparison.Ordinal);
    }
}
