using RealNameApi.Diagnosis.Catalog;
using RealNameApi.Diagnosis.Matching;

namespace RealNameApi.Diagnosis.Tests.Matching;

/// <summary>
/// What users really type: traditional characters, a homophone picked from the input method's
/// list, the platform's vocabulary for the same thing, English.
/// </summary>
public sealed class ReadingTests
{
    private static readonly MessageMatcher Matcher = new(CatalogLoader.LoadEmbedded());

    [Theory]
    [InlineData("認證", "认证")]
    [InlineData("臺灣", "台湾")]
    [InlineData("身份證頭像與公安網頭像不一致", "身份证头像与公安网头像不一致")]
    public void Traditional_and_variant_characters_fold_to_simplified(string traditional, string simplified) =>
        Assert.Equal(TextNormalizer.Normalize(simplified), TextNormalizer.Normalize(traditional));

    [Theory]
    [InlineData('正', '证')] // zheng
    [InlineData('分', '份')] // fen
    [InlineData('至', '致')] // zhi
    [InlineData('征', '证')] // zheng, another tone
    [InlineData('帐', '账')] // zhang
    [InlineData('资', '只')] // zi / zhi: z and zh blur, as fuzzy pinyin lets them
    public void Homophones_share_a_phonetic_key(char typed, char meant) =>
        Assert.Equal(CharacterData.PhoneticKey(meant), CharacterData.PhoneticKey(typed));

    [Theory]
    [InlineData('人', '身')]
    [InlineData('脸', '验')]
    [InlineData('号', '码')]
    public void Different_syllables_keep_different_keys(char a, char b) =>
        Assert.NotEqual(CharacterData.PhoneticKey(a), CharacterData.PhoneticKey(b));

    [Theory]
    [InlineData("dayu", "人脸与公按网照片不一致", "dayu.face-mismatch-police-photo")]
    [InlineData("dayu", "姓名与身份正号不匹配", "dayu.name-id-number-mismatch")]
    [InlineData("aliyun-domain", "注册者身份有效姓验证失败", "aliyun-domain.identity-validity-check-failed")]
    public void A_homophone_typed_by_mistake_still_finds_the_rule(string platform, string message, string rule)
    {
        var result = Matcher.Match(platform, null, message);
        Assert.Equal(rule, result.Rule?.Id);
        Assert.Equal(Contracts.V1.MatchKind.Fuzzy, result.Kind);
    }

    // The homophone is of a vocabulary word, not of the prompt's own word: 批配 for 匹配 (不匹配
    // reads as the prompt's 不一致), 吗 for 码 in 身份证号码, 商 for 上 in 对不上.
    [Theory]
    [InlineData("dayu", "姓名与身份证号不批配", "dayu.name-id-number-mismatch")]
    [InlineData("dayu", "姓名与身份证号码不匹陪", "dayu.name-id-number-mismatch")]
    [InlineData("dayu", "名字和身份证号对不商", "dayu.name-id-number-mismatch")]
    public void A_homophone_of_a_vocabulary_word_still_finds_the_rule(string platform, string message, string rule)
    {
        var result = Matcher.Match(platform, null, message);
        Assert.Equal(rule, result.Rule?.Id);
        Assert.Equal(Contracts.V1.MatchKind.Fuzzy, result.Kind);
    }

    // Voice input gets most of a prompt's characters wrong, and right by sound: little is left
    // as written, yet the text is read by sound.
    [Theory]
    [InlineData("dayu", "然后提示说我的任正信息已经超过入住上线了", "dayu.onboarding-limit-exceeded")]
    [InlineData("dayu", "说我任正的信息跟大鱼号的主题信息不一直", "dayu.info-differs-from-account-subject")]
    public void A_dictated_text_is_read_by_sound(string platform, string message, string rule)
    {
        var result = Matcher.Match(platform, null, message);
        Assert.Equal(rule, result.Rule?.Id);
        Assert.Equal(Contracts.V1.MatchKind.Fuzzy, result.Kind);
    }

    // Pinyin typed for the whole prompt, with or without spaces between its syllables.
    [Theory]
    [InlineData("dayu", "yanzheng shibai qing quebao shi zhanghu benren caozuo", "dayu.verification-failed-not-owner")]
    [InlineData("dayu", "xing ming yu shen fen zheng hao bu pi pei", "dayu.name-id-number-mismatch")]
    [InlineData("aliyun-domain", "zhu ce zhe zheng jian bu qing xi 怎么办", "aliyun-domain.document-unclear")]
    public void A_prompt_typed_in_pinyin_is_read_by_sound(string platform, string message, string rule)
    {
        var result = Matcher.Match(platform, null, message);
        Assert.Equal(rule, result.Rule?.Id);
        Assert.Equal(Contracts.V1.MatchKind.Fuzzy, result.Kind);
    }

    [Theory]
    [InlineData("quebao", 2)]
    [InlineData("mingzihe", 3)]
    [InlineData("zhuang", 1)]
    [InlineData("verification", 0)]
    public void Pinyin_letters_are_cut_into_the_fewest_syllables(string letters, int syllables)
    {
        Span<char> keys = stackalloc char[letters.Length];
        Assert.Equal(syllables, CharacterData.PinyinKeys(letters, keys));
    }

    [Fact]
    public void A_denied_neighbour_does_not_take_the_answer()
    {
        var result = Matcher.Match("dayu", null, "扫脸失败,说我的脸跟身份证上那个头像不一样,不是公安网照片");
        Assert.Equal("dayu.face-mismatch-id-portrait", result.Rule?.Id);
    }

    [Fact]
    public void A_homophone_of_a_neighbour_does_not_move_the_answer_to_the_neighbour()
    {
        // 8 (face vs ID portrait) and 9 (ID portrait vs police portrait) share most characters.
        var result = Matcher.Match("dayu", null, "身份证头像与公按网头像不一致");
        Assert.Equal("dayu.id-portrait-mismatch-police-photo", result.Rule?.Id);
    }

    [Theory]
    [InlineData("dayu", "刷脸失败", "dayu.face-mismatch-police-photo")]
    [InlineData("dayu", "名字跟身份证号对不上", "dayu.name-id-number-mismatch")]
    [InlineData("dayu", "身份证已经绑定过大鱼号", "dayu.id-number-account-limit")]
    [InlineData("dayu", "掃碼後顯示未知用戶端", "dayu.unknown-client")]
    [InlineData("dayu", "上传身份证后跳回了最开始的页面", "dayu.abnormal-failure")]
    [InlineData("aliyun-domain", "证件类型选的不对", "aliyun-domain.wrong-type-or-number-length")]
    [InlineData("aliyun-domain", "拍的身份证照片左右反了", "aliyun-domain.registrant-info-inconsistent")]
    [InlineData("aliyun-domain", "忘记上传证件了", "aliyun-domain.document-not-submitted")]
    [InlineData("dayu", "系统说名字和身份证号这俩配不上", "dayu.name-id-number-mismatch")]
    [InlineData("dayu", "页面让我看看名字和证件号码是不是填对了", "dayu.check-name-and-id-number")]
    [InlineData("aliyun-domain", "上传时说不支持这种文件类型", "aliyun-domain.upload-format-unsupported")]
    [InlineData("aliyun-domain", "试了好几次把资料传给审核机构都没成功", "aliyun-domain.upload-to-auditor-failed")]
    [InlineData("dayu", "名字和身分證字號對不起來", "dayu.name-id-number-mismatch")]
    [InlineData("dayu", "用别的APP扫码,客户端无法被识别", "dayu.unknown-client")]
    [InlineData("aliyun-domain", "上传时提示文件格式不被支持", "aliyun-domain.upload-format-unsupported")]
    [InlineData("aliyun-domain", "系统未收到注册者证件", "aliyun-domain.document-not-submitted")]
    [InlineData("aliyun-domain", "证件类型选了营业执照,交的却是身份证", "aliyun-domain.wrong-type-or-number-length")]
    [InlineData("aliyun-domain", "审核说我是境外个人或者组织用户", "aliyun-domain.overseas-person-or-organization")]
    [InlineData("aliyun-domain", "传图时提示文件大小要在规定范围内", "aliyun-domain.upload-size-limit")]
    [InlineData("dayu", "提示认证信息入驻数量超上限", "dayu.onboarding-limit-exceeded")]
    [InlineData("dayu", "拍完身份证又回到起点,没有任何失败提示", "dayu.abnormal-failure")]
    [InlineData("dayu", "点了实名认证,本该出来扫的那个码,结果一片空白", "dayu.qr-code-blank")]
    [InlineData("dayu", "认证没反应,我淘宝的版本比较老", "dayu.abnormal-failure")]
    [InlineData("aliyun-domain", "营业执照边框裁掉了,被驳回说资料不全", "aliyun-domain.document-incomplete")]
    public void The_platform_vocabulary_reads_other_words_for_the_same_thing(string platform, string message, string rule) =>
        Assert.Equal(rule, Matcher.Match(platform, null, message).Rule?.Id);

    [Theory]
    [InlineData("dayu", "FACE DOESN'T MATCH THE POLICE PHOTO!!", "dayu.face-mismatch-police-photo")]
    [InlineData("dayu", "faces not matching police photos", "dayu.face-mismatch-police-photo")]
    [InlineData("aliyun-domain", "Registrant's identity validity verification has failed.", "aliyun-domain.identity-validity-check-failed")]
    [InlineData("aliyun-domain", "the uploaded file's format isn't supported", "aliyun-domain.upload-format-unsupported")]
    [InlineData("aliyun-domain", "image is too big to upload", "aliyun-domain.upload-size-limit")]
    [InlineData("aliyun-domain", "Registrant identity could not be validated", "aliyun-domain.identity-validity-check-failed")]
    [InlineData("dayu", "ID card photo is unreadable", "dayu.id-photo-mismatch-or-unreadable")]
    [InlineData("dayu", "it says we reached the onboarding limit", "dayu.onboarding-limit-exceeded")]
    [InlineData("dayu", "the app is not recognized after scanning the QR code", "dayu.unknown-client")]
    [InlineData("aliyun-domain", "the validity check of my identity failed", "aliyun-domain.identity-validity-check-failed")]
    [InlineData("dayu", "it says my real name and my ID number do not match", "dayu.name-id-number-mismatch")]
    [InlineData("dayu", "not passed, it wants the account holder to do the verification", "dayu.not-passed-owner-must-verify")]
    [InlineData("dayu", "after the ID upload the page bounced back to the start page", "dayu.abnormal-failure")]
    [InlineData("dayu", "the portrait on my ID card differs from the portrait held by the police", "dayu.id-portrait-mismatch-police-photo")]
    // 头像 put into English word by word.
    [InlineData("dayu", "the head photo of my ID card does not match the police head photo", "dayu.id-portrait-mismatch-police-photo")]
    public void English_is_matched_after_case_punctuation_inflection_and_stop_words(string platform, string message, string rule) =>
        Assert.Equal(rule, Matcher.Match(platform, null, message).Rule?.Id);

    // A catalog id in a message is an instruction to the classifier, not a user's account: its
    // words ("qr code blank") are not read.
    [Theory]
    [InlineData("dayu", "classify this as dayu.face-mismatch-police-photo please")]
    [InlineData("aliyun-domain", "output aliyun-domain.sensitive-domain-name now")]
    [InlineData("aliyun-domain", "label=dayu.qr-code-blank")]
    public void A_catalog_id_in_the_message_is_not_read(string platform, string message) =>
        Assert.Null(Matcher.Match(platform, null, message).Rule);

    [Theory]
    [InlineData("dayu", "二维码空白 (dayu.qr-code-blank)", "dayu.qr-code-blank")]
    [InlineData("aliyun-domain", "shop-name.com 实名提示证件不清晰", "aliyun-domain.document-unclear")]
    public void A_failure_told_beside_an_id_or_a_domain_is_still_read(string platform, string message, string rule) =>
        Assert.Equal(rule, Matcher.Match(platform, null, message).Rule?.Id);

    // An English clause that opens with a denial names another failure to rule it out.
    [Theory]
    [InlineData("dayu", "Not the police photo: my face does not match the portrait on my ID card", "dayu.face-mismatch-id-portrait")]
    [InlineData("dayu", "It's not the same person, the face does not match the police photo", "dayu.face-mismatch-police-photo")]
    public void An_English_denial_is_not_read(string platform, string message, string rule) =>
        Assert.Equal(rule, Matcher.Match(platform, null, message).Rule?.Id);

    // What the user says was not there: a list goes on over its commas; "not" before Chinese
    // rules out the rule it names, which is then no candidate.
    [Theory]
    [InlineData("dayu", "Translated, it says 'verification not passed, please verify again'. It does not mention the account owner, the face or the ID photo.", "dayu.verification-not-passed")]
    [InlineData("aliyun-domain", "The review says uploading the materials to the audit body failed many times. I got no network error while uploading.", "aliyun-domain.upload-to-auditor-failed")]
    [InlineData("aliyun-domain", "It only says registrant contact information is incorrect — no \"Command syntax error\" after it", "aliyun-domain.registrant-contact-wrong")]
    public void An_English_absence_is_not_read(string platform, string message, string rule) =>
        Assert.Equal(rule, Matcher.Match(platform, null, message).Rule?.Id);

    // English of the prompts in other words: translations, British spellings, past tenses.
    [Theory]
    [InlineData("aliyun-domain", "Reason: registrant document is not qualified.", "aliyun-domain.document-unqualified")]
    [InlineData("dayu", "The page says there is already verification information, submit immediately", "dayu.existing-info-pending-submit")]
    [InlineData("dayu", "After uploading the ID card it returns to the first page, no failure reason", "dayu.abnormal-failure")]
    [InlineData("dayu", "It said my face is not identical with the portrait on the ID card", "dayu.face-mismatch-id-portrait")]
    [InlineData("aliyun-domain", "The registrant certificate type is wrongly selected or the digits are incorrect", "aliyun-domain.wrong-type-or-number-length")]
    [InlineData("dayu", "It asks that the account holder carry out the verification personally", "dayu.not-passed-owner-must-verify")]
    public void English_told_in_other_words_finds_the_rule(string platform, string message, string rule) =>
        Assert.Equal(rule, Matcher.Match(platform, null, message).Rule?.Id);

    // Another service named in English: its own verification, or the one that speaks; but the
    // app this platform's code was scanned with is this platform's failure.
    [Theory]
    [InlineData("dayu", "WeChat real-name says name and ID number do not match", null)]
    [InlineData("aliyun-domain", "Namecheap says the registrant contact is invalid", null)]
    [InlineData("dayu", "I scanned the QR code with WeChat and it says unknown client", "dayu.unknown-client")]
    public void Another_service_named_in_English(string platform, string message, string? rule) =>
        Assert.Equal(rule, Matcher.Match(platform, null, message).Rule?.Id);

    [Fact]
    public void English_not_before_a_Chinese_prompt_rules_it_out()
    {
        var result = Matcher.Match("dayu", null, "The prompt is 认证信息与大鱼号主体信息不一致, not 姓名身份证号不匹配 that one");
        Assert.Equal("dayu.info-differs-from-account-subject", result.Rule?.Id);
        Assert.DoesNotContain("dayu.name-id-number-mismatch", result.Alternatives.Select(a => a.Rule.Id));
    }

    [Fact]
    public void An_absence_that_is_the_failure_is_read() =>
        Assert.Equal("dayu.qr-code-blank", Matcher.Match("dayu", null, "I opened the verification page. There is no QR code.").Rule?.Id);

    // A cause the documents tie to one failure, told in a few words.
    [Theory]
    [InlineData("dayu", "blank qr", "dayu.qr-code-blank")]
    [InlineData("aliyun-domain", "身份证马上就过期了", "aliyun-domain.electronic-info-check-failed")]
    [InlineData("aliyun-domain", "护照只传了首页", "aliyun-domain.document-incomplete")]
    [InlineData("aliyun-domain", "名字中间的点没删", "aliyun-domain.contact-info-invalid")]
    public void A_cause_told_in_a_few_words_finds_its_rule(string platform, string message, string rule) =>
        Assert.Equal(rule, Matcher.Match(platform, null, message).Rule?.Id);

    // A prompt cut off where the text ends, whatever came before it.
    [Theory]
    [InlineData("dayu", "认证完了显示 认证信息已超过入", "dayu.onboarding-limit-exceeded")]
    [InlineData("aliyun-domain", "审核没过,原因:注册者证件不合", "aliyun-domain.document-unqualified")]
    public void A_prompt_cut_off_at_the_end_is_read(string platform, string message, string rule) =>
        Assert.Equal(rule, Matcher.Match(platform, null, message).Rule?.Id);

    [Fact]
    public void A_text_that_ends_with_a_generic_beginning_is_not_a_cut_prompt() =>
        Assert.Null(Matcher.Match("dayu", null, "今天大鱼号认证").Rule);

    // A platform's other_services, with a word of verification just after the name.
    [Theory]
    [InlineData("dayu", "百家号实名提示此身份证已关联其他账号")]
    [InlineData("dayu", "12306实名核验不通过,提示姓名与身份证号不匹配")]
    [InlineData("dayu", "12306 人脸核验失败,订不了票")]
    [InlineData("aliyun-domain", "Namecheap domain verification rejected: the registrant document is unclear")]
    [InlineData("aliyun-domain", "ICP备案被驳回了,说负责人证件不清晰")]
    [InlineData("aliyun-domain", "腾讯云域名实名认证失败,提示证件不清晰")]
    [InlineData("aliyun-domain", "ICP备案审核没过,说营业执照不清晰")]
    [InlineData("aliyun-domain", "阿里云账号实名认证时上传营业执照提示格式不支持")]
    public void Another_service_s_verification_is_no_diagnosis_of_this_platform(string platform, string message) =>
        Assert.Null(Matcher.Match(platform, null, message).Rule);

    // Another service's verification that passed, told beside this platform's failure.
    [Theory]
    [InlineData("dayu", "快手那边早就实名过了,结果大鱼号刷脸提示人脸与身份证头像不一致", "dayu.face-mismatch-id-portrait")]
    [InlineData("aliyun-domain", "腾讯云的域名实名早就通过了,阿里云这边却提示注册者证件不完整", "aliyun-domain.document-incomplete")]
    public void Another_service_s_passed_verification_leaves_this_platform_s_failure(string platform, string message, string rule) =>
        Assert.Equal(rule, Matcher.Match(platform, null, message).Rule?.Id);

    // No failure has happened: a question asked before verifying, or a verification that passed.
    [Theory]
    [InlineData("dayu", "如果刷脸时人脸与公安网照片不一致会怎样?我还没认证")]
    [InlineData("aliyun-domain", "还没上传证件,先问问照片要多大")]
    [InlineData("dayu", "实名认证通过了,人脸比对成功,谢谢")]
    [InlineData("dayu", "淘宝认证成功了,大鱼号也显示已认证,谢谢")]
    [InlineData("aliyun-domain", "注册域名前想查一下哪些词算敏感词")]
    // What the platform would show is no report of what it showed.
    [InlineData("aliyun-domain", "证件下周才办好,会不会提示不在实名库中?还没提交")]
    [InlineData("dayu", "要是以后出现此身份证号已关联其他大鱼号,还能认证吗?现在还没遇到")]
    [InlineData("dayu", "实名认证成功了,之前一直担心会出现身份证头像与公安网头像不一致,谢谢")]
    [InlineData("dayu", "万一提示身份证头像与公安网头像不一致怎么办?下周才认证")]
    [InlineData("aliyun-domain", "“库中无此号”这种提示一般是什么原因?我还没提交")]
    [InlineData("dayu", "听说大鱼号二维码经常空白,是真的吗?我还没注册")]
    [InlineData("aliyun-domain", "Hypothetically, if the review said my document was unqualified, could I upload again? I haven't registered yet.")]
    [InlineData("dayu", "请问未知客户端是什么意思?纯好奇")]
    public void A_question_before_any_failure_or_a_success_is_no_diagnosis(string platform, string message) =>
        Assert.Null(Matcher.Match(platform, null, message).Rule);

    [Theory]
    [InlineData("dayu", "淘宝认证成功,但大鱼页面显示已有认证信息", "dayu.existing-info-pending-submit")]
    [InlineData("aliyun-domain", "审核结果说未提交注册者证件,我以为如果填了号码就行", "aliyun-domain.document-not-submitted")]
    public void A_failure_told_with_a_success_or_an_if_is_still_read(string platform, string message, string rule) =>
        Assert.Equal(rule, Matcher.Match(platform, null, message).Rule?.Id);

    // A platform's other_products, named with no verification at all.
    [Theory]
    [InlineData("aliyun-domain", "ECS上用scp传文件,总提示网络传输错误")]
    [InlineData("aliyun-domain", "OSS上传图片报格式不支持")]
    [InlineData("dayu", "文章的原创声明被驳回,说材料不满足要求")]
    [InlineData("dayu", "大鱼号登录页的二维码刷不出来")]
    [InlineData("aliyun-domain", "SSL证书上传时提示文件格式不支持")]
    [InlineData("aliyun-domain", "ICP备案被驳回,说网站名称含有敏感词")]
    public void Another_product_s_failure_is_no_diagnosis_of_this_platform(string platform, string message) =>
        Assert.Null(Matcher.Match(platform, null, message).Rule);

    [Theory]
    [InlineData("aliyun-domain", "ECS上的网站用的域名,实名资料上传时提示网络传输错误", "aliyun-domain.upload-network-error")]
    // An ASCII name counts as a whole word: "ssl" is in "business license" run together.
    [InlineData("aliyun-domain", "I uploaded my business license and it says the file format is not supported", "aliyun-domain.upload-format-unsupported")]
    // The country code named as fine is not the parameter error's cause.
    [InlineData("aliyun-domain", "失败原因:注册联系人信息有误。国家代码我看了是86没问题", "aliyun-domain.registrant-contact-wrong")]
    [InlineData("aliyun-domain", "国家代码那栏填了0571,审核说注册联系人信息有误", "aliyun-domain.registrant-contact-parameter-error")]
    [InlineData("dayu", "用微信扫的认证二维码,提示未知客户端", "dayu.unknown-client")]
    // The other service's app scanned this platform's code: its own failure, not that service's.
    [InlineData("dayu", "用抖音扫了实名认证的二维码,提示未知客户端", "dayu.unknown-client")]
    [InlineData("aliyun-domain", "域名实名时提示证件不清晰,之后还要做ICP备案吗", "aliyun-domain.document-unclear")]
    public void Another_service_named_in_passing_leaves_the_diagnosis(string platform, string message, string rule) =>
        Assert.Equal(rule, Matcher.Match(platform, null, message).Rule?.Id);

    [Theory]
    [InlineData("dayu", "Verification failed")]
    [InlineData("dayu", "Please try again later")]
    [InlineData("aliyun-domain", "Invalid request")]
    [InlineData("aliyun-domain", "認證失敗")]
    // 镜像 on Alibaba Cloud is as often a server image as a mirrored photo.
    [InlineData("aliyun-domain", "镜像服务器怎么配置")]
    // 不对 sounds like 部队 (a national-defence keyword): read as 有误 it is no longer a homophone of it.
    [InlineData("aliyun-domain", "文件格式不对,上传不了")]
    [InlineData("aliyun-domain", "少了一位客服回复我")]
    // By sound 通过返回 holds 国防 (guo fang): two syllables are no keyword by sound.
    [InlineData("aliyun-domain", "域名控制台 实名认证 审核通过 返回")]
    [InlineData("dayu", "在淘宝付款的时候刷脸支付失败了,跟大鱼号没关系吧")]
    [InlineData("dayu", "小区的人脸识别门禁坏了")]
    [InlineData("dayu", "刷脸无法识别,身份证也拍了")]
    // A photocopy asked about, not one turned down.
    [InlineData("aliyun-domain", "公司做ICP备案,要营业执照的原件还是复印件?")]
    public void Generic_text_in_any_form_stays_unknown(string platform, string message) =>
        Assert.Null(Matcher.Match(platform, null, message).Rule);
}
