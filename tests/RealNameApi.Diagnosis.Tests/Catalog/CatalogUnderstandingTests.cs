using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Catalog;
using RealNameApi.Diagnosis.Matching;

namespace RealNameApi.Diagnosis.Tests.Catalog;

/// <summary>The catalog's data for understanding users: vocabulary, paraphrases, English, findings, subject tags.</summary>
public sealed class CatalogUnderstandingTests
{
    private static FailureCatalog Load(string yaml) => CatalogLoader.FromFiles(new Dictionary<string, string> { ["demo.yaml"] = yaml });

    private static CatalogLoadException Rejects(string yaml) => Assert.Throws<CatalogLoadException>(() => Load(yaml));

    private static string Demo(Func<string, string> edit) => edit(CatalogFiles.Minimal("demo"));

    private static string WithVocabulary(string groups) => Demo(y => y.Replace("  unknown:\n", "  vocabulary:\n" + groups + "  unknown:\n", StringComparison.Ordinal));

    [Fact]
    public void A_new_platform_gets_vocabulary_paraphrases_and_english_from_data_only()
    {
        var catalog = Load(WithVocabulary("    - [人脸, 刷脸, 面部]\n    - [face, selfie]\n").Replace(
            "      - 人脸不一致\n",
            "      - 人脸不一致\n    paraphrases: [脸对不上]\n    known_messages_en: [\"Face mismatch\"]\n    paraphrases_en: [\"the face does not match\"]\n",
            StringComparison.Ordinal));
        var matcher = new MessageMatcher(catalog);

        Assert.Equal("demo.first", matcher.Match("demo", null, "刷脸不一致").Rule?.Id);
        Assert.Equal(MatchKind.Exact, matcher.Match("demo", null, "面部不一致").Kind);
        Assert.Equal("demo.first", matcher.Match("demo", null, "脸对不上").Rule?.Id);
        Assert.Equal("demo.first", matcher.Match("demo", null, "Selfie mismatch").Rule?.Id);
        Assert.Equal("demo.first", matcher.Match("demo", null, "The faces did not match").Rule?.Id);
    }

    [Fact]
    public void A_word_in_two_vocabulary_groups_is_rejected()
    {
        var e = Rejects(WithVocabulary("    - [人脸, 刷脸]\n    - [面部, 刷脸]\n"));

        Assert.Contains(e.Errors, x => x.Field == "platform.vocabulary[1][1]");
    }

    [Fact]
    public void A_vocabulary_group_of_one_word_is_rejected()
    {
        var e = Rejects(WithVocabulary("    - [人脸]\n"));

        Assert.Contains(e.Errors, x => x.Field == "platform.vocabulary[0]");
    }

    [Fact]
    public void A_finding_explained_by_two_rules_is_rejected()
    {
        var e = Rejects(Demo(y => y
            .Replace("    section: \"1\"\n", "    section: \"1\"\n    explains_findings: [NUMBER_CHECKSUM]\n", StringComparison.Ordinal)
            .Replace("    section: \"2\"\n", "    section: \"2\"\n    explains_findings: [NUMBER_CHECKSUM]\n", StringComparison.Ordinal)));

        var error = Assert.Single(e.Errors);
        Assert.Equal(("demo.second", "explains_findings[0]"), (error.Rule, error.Field));
    }

    [Fact]
    public void An_unknown_finding_code_or_step_subject_is_rejected()
    {
        var e = Rejects(Demo(y => y
            .Replace("    section: \"1\"\n", "    section: \"1\"\n    explains_findings: [NUMBER_WRONG]\n", StringComparison.Ordinal)
            .Replace("      - text: {zh: 等待后重试。, en: Wait and retry.}", "      - text: {zh: 等待后重试。, en: Wait and retry.}\n        subject: ROBOT", StringComparison.Ordinal)));

        Assert.Contains(e.Errors, x => x.Field == "explains_findings[0]");
        Assert.Contains(e.Errors, x => x.Field == "steps[0].subject");
    }

    [Fact]
    public void Every_embedded_rule_has_english_and_every_platform_a_vocabulary()
    {
        var catalog = CatalogLoader.LoadEmbedded();
        Assert.All(catalog.Rules, r => Assert.NotEmpty(r.EnglishMessages));
        Assert.All(catalog.Platforms, p => Assert.NotEmpty(p.Vocabulary));
    }
}
