using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Localization;
using static RealNameApi.Diagnosis.Tests.Documents.Checks;

namespace RealNameApi.Diagnosis.Tests.Documents;

/// <summary>No finding may carry the number or the names back: at most a position and one character.</summary>
public class PersonalDataTests
{
    // Valid, mistyped, mis-shaped and mis-typed numbers of every kind the checks handle.
    private static readonly string[] Numbers =
    [
        "11010519491231002X", "11010519491231002x", "110105194912310021", "1101051949123I002X", "110105194912310O2X",
        "11010519491231A02X", "110105200102290010", "110105209912310010", "1101051949123100", "110105491231002",
        "110105490231002", "11010549123I002", "810000199001010019", "91350100M000100Y43", "91350100m000100y43",
        "9135O100M000100Y43", "98350100M0001000BT", "91350100M000100Y44", "91350100M000100S43", "E12345678",
        "H12345678", "11010519491231002Ｘ", "110105194912 1002X",
    ];

    // Names written with characters no finding text uses, so any echo would show.
    private const string ChineseName = "龚彧.翀喆";
    private const string ChineseOrganisation = "邝氏<琨珩>瓒瑀有限公司";
    private const string EnglishName = "Gong·Yu　Chongzhe，";

    public static TheoryData<DocumentType, Locale> Cases()
    {
        var data = new TheoryData<DocumentType, Locale>();
        foreach (var type in Enum.GetValues<DocumentType>())
        {
            data.Add(type, Locale.ZhCN);
            data.Add(type, Locale.En);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void NoFindingEchoesTheNumberOrAName(DocumentType type, Locale locale)
    {
        var messages = 0;
        foreach (var number in Numbers)
        {
            foreach (var chinese in (string[])[ChineseName, ChineseOrganisation])
            {
                var document = new Document
                {
                    Type = type,
                    Number = number,
                    HolderName = chinese,
                    HolderNameEn = EnglishName,
                    IssueDate = Date(2026, 5, 28),
                    ExpiryDate = Date(2026, 6, 20),
                };
                var findings = Run(document, new Subject { Region = Region.HongKong, PhoneCountryCode = "0755" }, locale);

                foreach (var finding in findings)
                {
                    messages++;
                    AssertNoEcho(finding.Message, number);
                    AssertNoEcho(finding.Message, number.ToUpperInvariant());
                    foreach (var character in "龚彧翀喆邝氏琨珩瓒瑀")
                    {
                        Assert.DoesNotContain(character, finding.Message);
                    }

                    Assert.DoesNotContain("Gong", finding.Message, StringComparison.OrdinalIgnoreCase);
                    Assert.DoesNotContain("Chongzhe", finding.Message, StringComparison.OrdinalIgnoreCase);
                    Assert.DoesNotContain("0755", finding.Message, StringComparison.Ordinal);
                }
            }
        }

        Assert.True(messages > Numbers.Length, "the cases must produce findings to be a test at all");
    }

    // Not the whole number, nor any run of 4 of its characters (a masked or partial echo).
    private static void AssertNoEcho(string message, string number)
    {
        for (var i = 0; i + 4 <= number.Length; i++)
        {
            Assert.DoesNotContain(number.Substring(i, 4), message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void FindingsComeMostSeriousFirst()
    {
        var document = new Document
        {
            Type = DocumentType.ResidentIdCard,
            Number = "11010519491231002x",           // info: lower-case x
            IssueDate = Date(2026, 5, 28),          // warning: newly issued
            LongTerm = true,
            HolderNameEn = "Ａ",                     // warning: full width
        };
        document.Files.Add(new DocumentFile { FileName = "a.jpg", SizeBytes = 10 }); // error: too small

        var findings = Run(document);

        Assert.Equal(
            [FindingSeverity.Error, FindingSeverity.Warning, FindingSeverity.Warning, FindingSeverity.Info],
            findings.Select(f => f.Severity));
        Assert.Equal(FindingCode.NewlyIssued, findings[1].Code); // found before the name, kept before it
    }

    [Fact]
    public void EveryFindingHasAFieldAndTextsInBothLocales()
    {
        var document = new Document { Type = DocumentType.ResidentIdCard, Number = "1101051949123I002X", HolderName = "李.四", HolderNameEn = "Li·Si" };

        var zh = Run(document, new Subject { Region = Region.Taiwan, PhoneCountryCode = "010" }, Locale.ZhCN);
        var en = Run(document, new Subject { Region = Region.Taiwan, PhoneCountryCode = "010" }, Locale.En);

        Assert.Equal(zh.Codes(), en.Codes());
        Assert.Equal(5, zh.Count);
        for (var i = 0; i < zh.Count; i++)
        {
            Assert.NotEqual(FindingSeverity.Unspecified, zh[i].Severity);
            Assert.Matches(@"^(document|subject)\.[a-z_]+(\[\d+\])?$", zh[i].Field);
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", zh[i].Message);
            Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", en[i].Message.Replace("《", "", StringComparison.Ordinal));
            Assert.NotEqual(zh[i].Message, en[i].Message);
        }
    }
}
