using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Catalog;
using RealNameApi.Diagnosis.Matching;

namespace RealNameApi.Diagnosis.Tests.Matching;

public sealed class RuleMatchingTests
{
    private static readonly FailureCatalog Catalog = CatalogLoader.LoadEmbedded();
    private static readonly MessageMatcher Matcher = new(Catalog);

    public static TheoryData<string, string, string> ExactPrompts() => ToTheory(MatchingExamples.Exact);

    public static TheoryData<string, string, string> ParaphrasedPrompts() => ToTheory(MatchingExamples.Paraphrases);

    [Theory]
    [MemberData(nameof(ExactPrompts))]
    public void An_exact_prompt_matches_its_rule_with_certainty(string platform, string message, string rule)
    {
        var result = Matcher.Match(platform, null, message);

        Assert.Equal(rule, result.Rule?.Id);
        Assert.Equal(MatchKind.Exact, result.Kind);
        Assert.Equal(1.0, result.Confidence);
    }

    [Theory]
    [MemberData(nameof(ParaphrasedPrompts))]
    public void A_paraphrase_matches_its_rule_above_the_threshold(string platform, string message, string rule)
    {
        var result = Matcher.Match(platform, null, message);

        Assert.Equal(rule, result.Rule?.Id);
        Assert.True(Catalog.TryGetPlatform(platform, out var p));
        Assert.InRange(result.Confidence, p.MatchThreshold, 1.0);
        Assert.NotEqual(MatchKind.Exact, result.Kind);
    }

    [Fact]
    public void Every_rule_of_the_catalog_has_an_exact_prompt_and_two_paraphrases_in_the_tables()
    {
        foreach (var rule in Catalog.Rules)
        {
            Assert.True(MatchingExamples.Exact.Any(e => e.Rule == rule.Id), $"{rule.Id} has no exact prompt in the table");
            Assert.True(MatchingExamples.Paraphrases.Count(e => e.Rule == rule.Id) >= 2, $"{rule.Id} has fewer than two paraphrases in the table");
        }
    }

    [Fact]
    public void Every_known_message_in_the_catalog_matches_its_own_rule_exactly()
    {
        foreach (var rule in Catalog.Rules)
        {
            foreach (var message in rule.KnownMessages)
            {
                var result = Matcher.Match(rule.Platform, null, message);
                Assert.True(rule.Id == result.Rule?.Id && result.Kind == MatchKind.Exact, $"'{message}' gave {result.Rule?.Id} ({result.Kind})");
            }
        }
    }

    [Theory]
    [InlineData("注册联系人信息有误", "aliyun-domain.registrant-contact-wrong")]
    [InlineData("注册联系人信息有误,请检测:XML schema validation failed", "aliyun-domain.registrant-contact-parameter-error")]
    [InlineData("注册联系人信息有误，请检测：Command syntax error", "aliyun-domain.registrant-contact-parameter-error")]
    [InlineData("注册者身份有效性验证失败", "aliyun-domain.identity-validity-check-failed")]
    [InlineData("注册者证件验证失败", "aliyun-domain.number-not-in-registry")]
    [InlineData("身份有效性验证失败了", "aliyun-domain.identity-validity-check-failed")]
    [InlineData("证件验证失败了", "aliyun-domain.number-not-in-registry")]
    [InlineData("提示XML schema validation failed,注册联系人信息有误", "aliyun-domain.registrant-contact-parameter-error")]
    public void Near_neighbours_are_told_apart(string message, string rule)
    {
        var result = Matcher.Match("aliyun-domain", null, message);

        Assert.Equal(rule, result.Rule?.Id);
    }

    [Fact]
    public void The_shorter_neighbour_is_offered_as_an_alternative_to_the_longer_prompt()
    {
        var result = Matcher.Match("aliyun-domain", null, "注册联系人信息有误,请检测:XML schema validation failed");

        var alternative = Assert.Single(result.Alternatives, a => a.Rule.Id == "aliyun-domain.registrant-contact-wrong");
        Assert.True(alternative.Confidence < result.Confidence);
        Assert.Equal(MatchKind.Contains, alternative.Kind);
    }

    // Dice alone (the message against the phrase, both ways) put each of these below the threshold:
    // the story around the prompt counted against it.
    [Theory]
    [InlineData("aliyun-domain", "I just got a new ID card, and aliyun says it is a newly issued document", "aliyun-domain.new-document-not-in-registry")]
    [InlineData("dayu", "this ID number can only be linked to 1 personal Dayu account, so how do I unlink my old one", "dayu.id-number-account-limit")]
    public void A_prompt_retold_inside_a_longer_story_still_matches(string platform, string message, string rule)
    {
        var result = Matcher.Match(platform, null, message);

        Assert.Equal(rule, result.Rule?.Id);
    }

    [Theory]
    [InlineData("sfz头像和公安网头像不一致", "dayu.id-portrait-mismatch-police-photo")]
    [InlineData("rlsb的时候说和公安网照片不一致", "dayu.face-mismatch-police-photo")]
    [InlineData("名字和SFZ号对不上", "dayu.name-id-number-mismatch")]
    public void Pinyin_initialisms_read_as_the_words_they_stand_for(string message, string rule)
    {
        var result = Matcher.Match("dayu", null, message);

        Assert.Equal(rule, result.Rule?.Id);
    }

    [Theory]
    [InlineData("smrz的时候说renlian和gongan网照片对不上", "dayu.face-mismatch-police-photo")]
    [InlineData("xm和zjh都填对了还是说请检查", "dayu.check-name-and-id-number")]
    public void Pinyin_words_and_more_initialisms_read_as_their_characters(string message, string rule)
    {
        var result = Matcher.Match("dayu", null, message);

        Assert.Equal(rule, result.Rule?.Id);
    }

    // The prompt's first clause without its instruction, next to a word of a neighbour rule
    // (人脸比对 is face-mismatch-id-portrait's): the clause is the prompt's own evidence.
    [Theory]
    [InlineData("dayu", "截图上写着身份证头像与公安网头像不一致,人脸比对那一步其实过了", "dayu.id-portrait-mismatch-police-photo")]
    [InlineData("dayu", "一直弹“人脸与公安网照片不一致”,跟身份证头像没关系吧", "dayu.face-mismatch-police-photo")]
    public void A_known_message_s_own_clause_quoted_alone_matches_its_rule(string platform, string message, string rule)
    {
        var result = Matcher.Match(platform, null, message);

        Assert.Equal(rule, result.Rule?.Id);
    }

    // As written, only a neighbour rule's keyword (生僻字) is found; the prompt is there by sound.
    [Theory]
    [InlineData("提示请检查姓名和证建号是否正确,我名字里是个生僻字")]
    [InlineData("说请检查姓名和正件号是否正确,我名字有生僻字")]
    public void A_prompt_with_a_homophone_typo_beats_a_neighbour_rule_s_keyword(string message)
    {
        var result = Matcher.Match("dayu", null, message);

        Assert.Equal("dayu.check-name-and-id-number", result.Rule?.Id);
    }

    // Screenshots read by OCR: look-alike characters (入 for 人, 夫 for 失, 辻 for 过) and the
    // Japanese forms OCR picks (戸 for 户, 査 for 查).
    [Theory]
    [InlineData("dayu", "截图:认证不通辻,请账户本入进行认证 [确定]", "dayu.not-passed-owner-must-verify")]
    [InlineData("dayu", "验证夫败 请确保是帐户本入操作", "dayu.verification-failed-not-owner")]
    [InlineData("dayu", "扫完码显示:未知客戸端", "dayu.unknown-client")]
    [InlineData("dayu", "请检査姓名和证仵号是否正确", "dayu.check-name-and-id-number")]
    public void Characters_misread_by_OCR_still_match(string platform, string message, string rule)
    {
        var result = Matcher.Match(platform, null, message);

        Assert.Equal(rule, result.Rule?.Id);
    }

    [Theory]
    [InlineData("dayu", "實名認證話姓名同身份證號碼唔匹配", "dayu.name-id-number-mismatch")]
    [InlineData("dayu", "認證材料唔滿足要求,要點做", "dayu.materials-not-acceptable")]
    [InlineData("aliyun-domain", "註冊者證件唔完整,淨係影咗一頁", "aliyun-domain.document-incomplete")]
    public void Written_Cantonese_reads_as_the_Mandarin_prompt(string platform, string message, string rule)
    {
        var result = Matcher.Match(platform, null, message);

        Assert.Equal(rule, result.Rule?.Id);
    }

    [Theory]
    [InlineData("身份证上面的头像和公安登记的对不上,刷脸那步是过了的")]
    [InlineData("刷完脸说身份证头像跟公安网的头像不一样")]
    public void The_card_s_portrait_against_the_police_photo_outweighs_a_face_named_beside_it(string message)
    {
        var result = Matcher.Match("dayu", null, message);

        Assert.Equal("dayu.id-portrait-mismatch-police-photo", result.Rule?.Id);
    }

    // 境外 reads as 海外, the word of the neighbour rule's prompt (提交资料显示为海外用户): the
    // region chosen, named beside it, is this rule's own cause.
    [Theory]
    [InlineData("所属区域选了中国内地,结果审核说我是境外用户")]
    [InlineData("拿港澳通行证认证,所属区域没改,驳回说境外个人")]
    public void The_region_chosen_beside_an_overseas_answer_is_the_region_rule(string message)
    {
        var result = Matcher.Match("aliyun-domain", null, message);

        Assert.Equal("aliyun-domain.overseas-person-or-organization", result.Rule?.Id);
    }

    [Theory]
    [InlineData("aliyun-domain", "verification failed")]
    [InlineData("aliyun-domain", "Real-name verification failed!")]
    [InlineData("aliyun-domain", "authentication error")]
    [InlineData("dayu", "verification failed")]
    public void An_English_text_that_says_only_that_verification_failed_names_no_rule(string platform, string message)
    {
        var result = Matcher.Match(platform, null, message);

        Assert.Null(result.Rule);
    }

    [Theory]
    [InlineData("aliyun-domain", "Registrant document verification failed", "aliyun-domain.number-not-in-registry")]
    [InlineData("dayu", "Verification not passed, please verify again", "dayu.verification-not-passed")]
    public void An_English_prompt_of_generic_words_and_its_own_still_matches(string platform, string message, string rule)
    {
        var result = Matcher.Match(platform, null, message);

        Assert.Equal(rule, result.Rule?.Id);
    }

    // English patterns, on the normal form's words run together.
    [Theory]
    [InlineData("dayu", "the Taobao app hangs at the face step every time", "dayu.abnormal-failure")]
    [InlineData("dayu", "it sent me back to the start page and gave no reason", "dayu.abnormal-failure")]
    [InlineData("dayu", "the QR code area on the Dayu page is blank", "dayu.qr-code-blank")]
    [InlineData("aliyun-domain", "saving fails with a network transmission error", "aliyun-domain.upload-network-error")]
    [InlineData("aliyun-domain", "the page says unsupported file format for my scan", "aliyun-domain.upload-format-unsupported")]
    [InlineData("aliyun-domain", "they say the ID photo is blurry and has a watermark", "aliyun-domain.document-unclear")]
    [InlineData("aliyun-domain", "review: the electronic information check of the document is unqualified", "aliyun-domain.electronic-info-check-failed")]
    public void English_words_of_a_rule_s_cause_match_it(string platform, string message, string rule)
    {
        var result = Matcher.Match(platform, null, message);

        Assert.Equal(rule, result.Rule?.Id);
    }

    [Theory]
    [InlineData("dayu", "头条号实名认证提示人脸与公安网照片不一致,你们能处理吗")]
    [InlineData("dayu", "抖音認證說姓名與身份證號不匹配")]
    [InlineData("aliyun-domain", "在华为云做域名实名,提示证件不清晰")]
    public void A_message_about_another_service_s_verification_names_no_rule(string platform, string message)
    {
        var result = Matcher.Match(platform, null, message);

        Assert.Null(result.Rule);
        Assert.NotEmpty(result.Alternatives);
    }

    [Theory]
    [InlineData("dayu", "之前在头条也有号,今天大鱼号认证提示人脸与公安网照片不一致", "dayu.face-mismatch-police-photo")]
    [InlineData("aliyun-domain", "域名从新网转到阿里云后实名,提示证件不清晰", "aliyun-domain.document-unclear")]
    public void Another_service_named_in_passing_does_not_count(string platform, string message, string rule)
    {
        var result = Matcher.Match(platform, null, message);

        Assert.Equal(rule, result.Rule?.Id);
    }

    [Theory]
    [InlineData("上传的照片有十几兆,一直传不上去")]
    [InlineData("the upload keeps failing, my scan is 12MB")]
    public void A_file_size_said_with_the_upload_is_the_size_limit(string message)
    {
        var result = Matcher.Match("aliyun-domain", null, message);

        Assert.Equal("aliyun-domain.upload-size-limit", result.Rule?.Id);
    }

    [Fact]
    public void A_filled_placeholder_matches_the_known_message_exactly()
    {
        var result = Matcher.Match("dayu", null, "根据平台违规管理规则，您的认证主体【张三】，不可作为大鱼号的有效主体");

        Assert.Equal("dayu.subject-barred", result.Rule?.Id);
        Assert.Equal(MatchKind.Exact, result.Kind);
    }

    [Theory]
    [InlineData("验证失败,请确保是账户本人操作")]
    [InlineData("验证失败，请确保是账户本人操作")]
    [InlineData("  验证失败 , 请确保是账户本人操作。 ")]
    [InlineData("系统提示：验证失败，请确保是账户本人操作")]
    [InlineData("“验证失败，请确保是账户本人操作”")]
    public void Width_punctuation_spaces_quotes_and_prefixes_do_not_matter(string message)
    {
        var result = Matcher.Match("dayu", null, message);

        Assert.Equal("dayu.verification-failed-not-owner", result.Rule?.Id);
        Assert.Equal(MatchKind.Exact, result.Kind);
    }

    [Fact]
    public void Full_width_latin_matches_half_width_and_case_does_not_matter()
    {
        var result = Matcher.Match("aliyun-domain", null, "注册联系人信息有误，请检测：ＸＭＬ ＳＣＨＥＭＡ ｖａｌｉｄａｔｉｏｎ ＦＡＩＬＥＤ");

        Assert.Equal("aliyun-domain.registrant-contact-parameter-error", result.Rule?.Id);
        Assert.Equal(MatchKind.Exact, result.Kind);
    }

    [Fact]
    public void A_known_prompt_inside_a_longer_report_is_found()
    {
        var result = Matcher.Match("dayu", null, "我昨天晚上在家里认证的时候，页面上写着：人脸与身份证头像不一致，请用户本人进行认证。我该怎么办？");

        Assert.Equal("dayu.face-mismatch-id-portrait", result.Rule?.Id);
        Assert.Equal(MatchKind.Contains, result.Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("。，！")]
    [InlineData("好")]
    public void Empty_or_contentless_text_is_unknown(string message)
    {
        var result = Matcher.Match("dayu", null, message);

        Assert.Null(result.Rule);
        Assert.Equal(MatchKind.None, result.Kind);
        Assert.Equal(0, result.Confidence);
        Assert.Empty(result.Alternatives);
    }

    [Fact]
    public void Very_long_unrelated_text_is_unknown()
    {
        var text = string.Concat(Enumerable.Repeat("今天的会议改到下午三点，请大家准时参加，带上笔记本电脑和上周的报告。", 200))[..4096];

        var result = Matcher.Match("dayu", null, text);

        Assert.Null(result.Rule);
    }

    [Fact]
    public void Very_long_text_around_a_prompt_still_finds_it()
    {
        var filler = string.Concat(Enumerable.Repeat("今天的会议改到下午三点，请大家准时参加。", 150));
        var text = filler[..2000] + "扫描二维码后提示“未知客户端”" + filler[..2000];

        var result = Matcher.Match("dayu", null, text);

        Assert.Equal("dayu.unknown-client", result.Rule?.Id);
    }

    [Fact]
    public void An_unknown_message_lists_its_closest_candidates_as_alternatives()
    {
        var result = Matcher.Match("dayu", null, "认证失败");

        Assert.Null(result.Rule);
        Assert.NotEmpty(result.Alternatives);
        Assert.All(result.Alternatives, a => Assert.True(a.Confidence < 0.65));
    }

    [Fact]
    public void A_platform_code_matches_its_rule_before_any_text()
    {
        var yaml = CatalogFiles.Minimal("demo").Replace("    codes: []", "    codes: [E1001]", StringComparison.Ordinal);
        var matcher = new MessageMatcher(CatalogLoader.FromFiles(new Dictionary<string, string> { ["demo.yaml"] = yaml }));

        var result = matcher.Match("demo", " e1001 ", "something else entirely");

        Assert.Equal("demo.first", result.Rule?.Id);
        Assert.Equal(MatchKind.Code, result.Kind);
        Assert.Equal(1.0, result.Confidence);
    }

    [Fact]
    public void A_regex_pattern_of_the_data_catches_variants_of_a_number()
    {
        var result = Matcher.Match("dayu", null, "此主体证件号最多可关联3个大鱼号");

        Assert.Equal("dayu.id-number-account-limit", result.Rule?.Id);
    }

    private static TheoryData<string, string, string> ToTheory((string Platform, string Message, string Rule)[] rows)
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (platform, message, rule) in rows)
        {
            data.Add(platform, message, rule);
        }

        return data;
    }
}
