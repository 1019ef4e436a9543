using RealNameApi.Diagnosis.Catalog;

namespace RealNameApi.Diagnosis.Tests.Catalog;

public sealed class CatalogLoadingTests
{
    private static FailureCatalog Load(params (string File, string Yaml)[] files) =>
        CatalogLoader.FromFiles(files.ToDictionary(f => f.File, f => f.Yaml));

    private static CatalogLoadException Rejects(params (string File, string Yaml)[] files) =>
        Assert.Throws<CatalogLoadException>(() => Load(files));

    private static string Demo(Func<string, string> edit) => edit(CatalogFiles.Minimal("demo"));

    [Fact]
    public void A_valid_file_loads()
    {
        var catalog = Load(("demo.yaml", CatalogFiles.Minimal("demo")));

        Assert.True(catalog.TryGetPlatform("demo", out var demo));
        Assert.Equal(["demo.first", "demo.second"], demo.Rules.Select(r => r.Id));
        Assert.Equal("demo.unknown", demo.Unknown.Id);
    }

    [Fact]
    public void Bad_yaml_names_the_file_and_line()
    {
        var e = Rejects(("demo.yaml", Demo(y => y.Replace("    section: \"2\"", "    section: [\"2\"", StringComparison.Ordinal))));

        var error = Assert.Single(e.Errors);
        Assert.Equal("demo.yaml", error.File);
        Assert.Equal("demo.second", error.Rule);
        Assert.StartsWith("(line ", error.Field, StringComparison.Ordinal);
        Assert.Contains("demo.yaml", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_is_rejected_not_ignored()
    {
        var e = Rejects(("demo.yaml", Demo(y => y.Replace("    section: \"1\"", "    section: \"1\"\n    sektion: \"1\"", StringComparison.Ordinal))));

        var error = Assert.Single(e.Errors);
        Assert.Equal("demo.first", error.Rule);
        Assert.Contains("sektion", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_field_names_file_rule_and_field()
    {
        var e = Rejects(("demo.yaml", Demo(y => y.Replace("    category: DATA_SYNC\n", "", StringComparison.Ordinal))));

        var error = Assert.Single(e.Errors);
        Assert.Equal(("demo.yaml", "demo.second", "category"), (error.File, error.Rule, error.Field));
        Assert.Contains("demo.yaml: rule demo.second: category: is required", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_rule_id_is_rejected()
    {
        var e = Rejects(("demo.yaml", Demo(y => y.Replace("id: demo.second", "id: demo.first", StringComparison.Ordinal))));

        Assert.Contains(e.Errors, x => x.Rule == "demo.first" && x.Field == "id" && x.Message.Contains("duplicates", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_enum_value_is_rejected_with_the_allowed_values()
    {
        var e = Rejects(("demo.yaml", Demo(y => y.Replace("outcome: WAIT_THEN_RETRY", "outcome: WAIT_A_BIT", StringComparison.Ordinal))));

        var error = Assert.Single(e.Errors);
        Assert.Equal(("demo.second", "outcome"), (error.Rule, error.Field));
        Assert.Contains("WAIT_A_BIT", error.Message, StringComparison.Ordinal);
        Assert.Contains("WAIT_THEN_RETRY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_regex_is_rejected()
    {
        var e = Rejects(("demo.yaml", Demo(y => y.Replace("      - all: [人脸, 不对]", "      - regex: '人脸(不对'", StringComparison.Ordinal))));

        var error = Assert.Single(e.Errors);
        Assert.Equal(("demo.first", "patterns[0].regex"), (error.Rule, error.Field));
    }

    [Fact]
    public void A_regex_that_linear_time_matching_cannot_run_is_rejected_with_its_field()
    {
        var e = Rejects(("demo.yaml", Demo(y => y.Replace("      - all: [人脸, 不对]", "      - regex: '^(?!.*公安)人脸'", StringComparison.Ordinal))));

        var error = Assert.Single(e.Errors);
        Assert.Equal(("demo.first", "patterns[0].regex"), (error.Rule, error.Field));
    }

    [Fact]
    public void An_other_product_without_two_letters_is_rejected_with_its_field()
    {
        var e = Rejects(("demo.yaml", Demo(y => y.Replace("  match_threshold: 0.65", "  match_threshold: 0.65\n  other_products: [ecs, \"x\"]", StringComparison.Ordinal))));

        var error = Assert.Single(e.Errors);
        Assert.Equal((null, "platform.other_products[1]"), (error.Rule, error.Field));
    }

    [Fact]
    public void An_other_service_without_two_letters_is_rejected_with_its_field()
    {
        var e = Rejects(("demo.yaml", Demo(y => y.Replace("  match_threshold: 0.65", "  match_threshold: 0.65\n  other_services: [抖音, \"-\"]", StringComparison.Ordinal))));

        var error = Assert.Single(e.Errors);
        Assert.Equal((null, "platform.other_services[1]"), (error.Rule, error.Field));
    }

    [Fact]
    public void A_step_without_english_text_is_rejected()
    {
        var e = Rejects(("demo.yaml", Demo(y => y.Replace("{zh: 重新刷脸。, en: Scan your face again.}", "{zh: 重新刷脸。}", StringComparison.Ordinal))));

        var error = Assert.Single(e.Errors);
        Assert.Equal(("demo.yaml", "demo.first", "steps[0].text.en"), (error.File, error.Rule, error.Field));
    }

    [Fact]
    public void Every_fault_is_reported_not_just_the_first()
    {
        var e = Rejects(
            ("demo.yaml", Demo(y => y
                .Replace("{zh: 重新刷脸。, en: Scan your face again.}", "{zh: 重新刷脸。}", StringComparison.Ordinal)
                .Replace("outcome: WAIT_THEN_RETRY", "outcome: SOMETIME", StringComparison.Ordinal)
                .Replace("  match_threshold: 0.65", "  match_threshold: 1.5", StringComparison.Ordinal))),
            ("other.yaml", CatalogFiles.Minimal("other").Replace("    section: \"1\"\n", "", StringComparison.Ordinal)));

        Assert.Contains(e.Errors, x => x.File == "demo.yaml" && x.Rule is null && x.Field == "platform.match_threshold");
        Assert.Contains(e.Errors, x => x.File == "demo.yaml" && x.Rule == "demo.first" && x.Field == "steps[0].text.en");
        Assert.Contains(e.Errors, x => x.File == "demo.yaml" && x.Rule == "demo.second" && x.Field == "outcome");
        Assert.Contains(e.Errors, x => x.File == "other.yaml" && x.Rule == "other.first" && x.Field == "section");
        Assert.Equal(4, e.Errors.Count);
    }

    [Fact]
    public void A_retry_rule_that_contradicts_the_outcome_is_rejected()
    {
        var e = Rejects(("demo.yaml", Demo(y => y.Replace("retry: {basis: IMMEDIATE}", "retry: {basis: NOT_RETRYABLE}", StringComparison.Ordinal))));

        var error = Assert.Single(e.Errors);
        Assert.Equal(("demo.first", "retry.basis"), (error.Rule, error.Field));
    }

    [Fact]
    public void An_appeal_without_an_escalation_is_rejected()
    {
        var e = Rejects(("demo.yaml", Demo(y => y
            .Replace("outcome: FIX_AND_RETRY", "outcome: APPEAL", StringComparison.Ordinal)
            .Replace("retry: {basis: IMMEDIATE}", "retry: {basis: NOT_RETRYABLE}", StringComparison.Ordinal))));

        var error = Assert.Single(e.Errors);
        Assert.Equal(("demo.first", "escalation"), (error.Rule, error.Field));
    }

    [Fact]
    public void Two_rules_with_the_same_normalised_known_message_are_rejected()
    {
        var e = Rejects(("demo.yaml", Demo(y => y.Replace("      - 数据未同步", "      - 人脸 不一致!", StringComparison.Ordinal))));

        Assert.Contains(e.Errors, x => x.Rule == "demo.second" && x.Field == "known_messages[0]" && x.Message.Contains("demo.first", StringComparison.Ordinal));
    }

    [Fact]
    public void The_platform_id_must_match_the_file_name()
    {
        var e = Rejects(("elsewhere.yaml", CatalogFiles.Minimal("demo")));

        Assert.Contains(e.Errors, x => x.File == "elsewhere.yaml" && x.Field == "platform.id");
    }

    [Fact]
    public void The_version_is_stable_and_ignores_comments_and_layout()
    {
        var a = Load(("demo.yaml", CatalogFiles.Minimal("demo")));
        var b = Load(("demo.yaml", "# a comment\n" + CatalogFiles.Minimal("demo").Replace("{zh: 人脸不一致, en: Face mismatch}", "\n      zh: 人脸不一致\n      en: Face mismatch", StringComparison.Ordinal)));

        Assert.Equal(a.Version, b.Version);
        Assert.Matches("^[0-9a-f]{12}$", a.Version);
        Assert.Equal(CatalogLoader.LoadEmbedded().Version, CatalogLoader.LoadEmbedded().Version);
    }

    [Fact]
    public void The_version_changes_with_any_content()
    {
        var a = Load(("demo.yaml", CatalogFiles.Minimal("demo")));
        var b = Load(("demo.yaml", Demo(y => y.Replace("Scan your face again.", "Scan your face once more.", StringComparison.Ordinal))));
        var c = Load(("demo.yaml", CatalogFiles.Minimal("demo")), ("more.yaml", CatalogFiles.Minimal("more")));

        Assert.NotEqual(a.Version, b.Version);
        Assert.NotEqual(a.Version, c.Version);
    }

    [Fact]
    public void An_override_directory_replaces_and_adds_platforms()
    {
        var directory = Directory.CreateTempSubdirectory("catalog-override-");
        try
        {
            var embedded = CatalogLoader.LoadEmbedded();
            Assert.True(embedded.TryGetPlatform("dayu", out var original));
            var dayu = CatalogFiles.Minimal("dayu");
            File.WriteAllText(Path.Combine(directory.FullName, "dayu.yaml"), dayu);
            File.WriteAllText(Path.Combine(directory.FullName, "demo.yaml"), CatalogFiles.Minimal("demo"));
            File.WriteAllText(Path.Combine(directory.FullName, "notes.txt"), "not a platform file");

            var catalog = CatalogLoader.Load(directory.FullName);

            Assert.Equal(["aliyun-domain", "dayu", "demo"], catalog.Platforms.Select(p => p.Id));
            Assert.True(catalog.TryGetPlatform("dayu", out var replaced));
            Assert.Equal(2, replaced.Rules.Count);
            Assert.Equal(18, original.Rules.Count);
            Assert.NotEqual(embedded.Version, catalog.Version);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_broken_override_file_stops_the_load_naming_it()
    {
        var directory = Directory.CreateTempSubdirectory("catalog-override-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "demo.yaml"), "platform: [unclosed");

            var e = Assert.Throws<CatalogLoadException>(() => CatalogLoader.Load(directory.FullName));

            Assert.Equal("demo.yaml", Assert.Single(e.Errors).File);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_missing_override_directory_is_an_error()
    {
        var e = Assert.Throws<CatalogLoadException>(() => CatalogLoader.Load(Path.Combine(Path.GetTempPath(), "no-such-catalog-" + Guid.NewGuid())));

        Assert.Single(e.Errors);
    }
}
