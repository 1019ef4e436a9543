using RealNameApi.Diagnosis.Matching;

namespace RealNameApi.Diagnosis.Tests.Matching;

public sealed class TextNormalizerTests
{
    [Theory]
    [InlineData("ＡＢＣ１２３", "abc123")]
    [InlineData("Command Syntax ERROR", "commandsyntaxerror")]
    [InlineData("验证失败，请确保。", "验证失败请确保")]
    [InlineData("“未知客户端”", "未知客户端")]
    [InlineData("55 KB~5 MB", "55kb5mb")]
    [InlineData("张·三《测试》", "张三测试")]
    public void Folds_width_and_case_and_drops_punctuation_and_spaces(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(text));
    }

    [Theory]
    [InlineData("註冊者資訊不一致", "注册者信息不一致")]
    [InlineData("註冊聯絡人資訊有誤", "注册联系人信息有误")]
    [InlineData("資訊,聯絡,資訊", "信息联系信息")]
    [InlineData("使用者設定", "用户设置")]
    [InlineData("身分證字號", "身份证号")]
    [InlineData("身分證照片", "身份证照片")]
    public void A_Taiwan_word_becomes_the_mainland_word(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(text));
    }

    [Theory]
    [InlineData("請検査姓名和証件号", "请检查姓名和证件号")]
    [InlineData("未知客戸端", "未知客户端")]
    [InlineData("身份有効性", "身份有效性")]
    [InlineData("艺芸", "艺芸")]
    public void A_Japanese_form_of_a_character_becomes_the_simplified_one_but_not_a_mainland_character(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(text));
    }

    [Theory]
    [InlineData("姓名同身份證號碼唔匹配", "姓名同身份证号码不匹配")]
    [InlineData("上載咗身份證,乜嘢都冇顯示", "上载了身份证乜嘢都没显示")]
    [InlineData("關係", "关系")]
    public void A_written_Cantonese_character_becomes_the_Mandarin_one(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(text));
    }

    [Theory]
    [InlineData("sfz号", "身份证号")]
    [InlineData("SFZ 照片", "身份证照片")]
    [InlineData("ｓｆｚ头像", "身份证头像")]
    [InlineData("rlsb失败", "人脸识别失败")]
    [InlineData("域名ym", "域名域名")]
    [InlineData("rz不通过", "认证不通过")]
    [InlineData("TB页面卡死", "淘宝页面卡死")]
    public void A_pinyin_initialism_becomes_the_characters_it_stands_for(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(text));
    }

    [Theory]
    [InlineData("registrant document 不清晰", "注册者证件不清晰")]
    [InlineData("face 和身份证上的 portrait 不一致", "人脸和身份证上的头像不一致")]
    [InlineData("ID card 上的头像 not consistent", "身份证上的头像不一致")]
    [InlineData("ID-card照片", "身份证照片")]
    [InlineData("domain name 有敏感词", "域名有敏感词")]
    [InlineData("ID 不对", "id不对")]
    public void In_a_Chinese_text_an_English_word_becomes_the_Chinese_one(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(text));
    }

    [Theory]
    [InlineData("gongan网照片", "公安网照片")]
    [InlineData("ShenFenZheng上的touxiang不一致", "身份证上的头像不一致")]
    [InlineData("yuming实名", "域名实名")]
    [InlineData("认证二维码kongbai", "认证二维码空白")]
    public void In_a_Chinese_text_a_pinyin_word_becomes_its_characters(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(text));
    }

    [Theory]
    [InlineData("registrant document unclear", "registrantdocumentunclear")]
    [InlineData("taobao shiming", "taobaoshiming")]
    [InlineData("ID card photo", "idcardphoto")]
    public void A_text_wholly_in_English_keeps_its_words(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(text));
    }

    [Theory]
    [InlineData("world", "world")]
    [InlineData("sfzx", "sfzx")]
    [InlineData("sfz1", "身份证1")]
    [InlineData("Hello rl", "hello人脸")]
    [InlineData("url", "url")]
    public void Only_a_whole_run_of_letters_is_an_initialism(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(text));
    }

    [Theory]
    [InlineData("您的认证主体【张三】,不可作为", "您的认证主体\uE000不可作为")]
    [InlineData("您的认证主体【XXX】,不可作为", "您的认证主体\uE000不可作为")]
    [InlineData("您的认证主体[李四]不可作为", "您的认证主体\uE000不可作为")]
    [InlineData("【】空括号", "空括号")]
    [InlineData("没有闭合【的括号", "没有闭合的括号")]
    public void A_bracketed_placeholder_becomes_one_marker_whatever_fills_it(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(text));
    }

    [Theory]
    [InlineData("失败提示:根据平台规则", "根据平台规则")]
    [InlineData("失败提示根据平台规则", "根据平台规则")]
    [InlineData("系统提示：错误：证件不合格", "证件不合格")]
    [InlineData("提示：证件不合格", "证件不合格")]
    [InlineData("错误的证件号", "错误的证件号")]
    [InlineData("提示注册联系人信息有误", "提示注册联系人信息有误")]
    [InlineData("错误", "错误")]
    public void Strips_leading_prompt_words_but_not_ordinary_words(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(text));
    }

    // A clause that opens with a denial names another failure to rule it out: it is not read.
    [Theory]
    [InlineData("说我的脸跟身份证头像不一样,不是公安网照片,就是证件上的头像", "说我的脸跟身份证头像不一样就是证件上的头像")]
    [InlineData("叫我检查姓名和证件号是否正确，没说不匹配", "叫我检查姓名和证件号是否正确")]
    [InlineData("並不是公安網照片。是證件頭像", "是证件头像")]
    [InlineData("照片模糊、 并非人脸问题", "照片模糊")]
    [InlineData("让我检查姓名和证件号,它也没说不匹配", "让我检查姓名和证件号")]
    [InlineData("验证失败,也没提公安那边的照片", "验证失败")]
    [InlineData("证件不清晰,注意不是证件不完整", "证件不清晰")]
    [InlineData("认证不通过,后面也没提人脸", "认证不通过")]
    [InlineData("我:不是人脸的问题\n提示证件不清晰", "提示证件不清晰")]
    [InlineData("联系人信息有误,没有 XML schema 这几个词", "联系人信息有误")]
    [InlineData("联系人信息有误,没有“注册”两个字", "联系人信息有误")]
    [InlineData("显示为海外用户——不是境外个人或组织用户", "显示为海外用户")]
    // What the user first took it for, a worry, and a remark in parentheses.
    [InlineData("我以为是证件不完整,再看是证件不清晰", "再看是证件不清晰")]
    [InlineData("认证通过了,之前一直担心会人脸不一致", "认证通过了")]
    [InlineData("提示图片太大,会不会不清晰", "提示图片太大")]
    [InlineData("让我重新确认(没提照片的事)", "让我重新确认")]
    public void A_clause_that_denies_is_not_read(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(text));
    }

    // 不是 that tells the failure itself, 不是 inside a clause, and a text that is all denial.
    [Theory]
    [InlineData("人脸与身份证头像比对,不是同一个人", "人脸与身份证头像比对不是同一个人")]
    [InlineData("刷脸说,不是本人操作", "刷脸说不是本人操作")]
    [InlineData("域名实名,没提交证件", "域名实名没提交证件")]
    [InlineData("这个不是公安网的问题吗", "这个不是公安网的问题吗")]
    [InlineData("不是人脸的问题", "不是人脸的问题")]
    // 没有 alone may tell the failure: nothing shown.
    [InlineData("页面卡住了,没有任何失败提示", "页面卡住了没有任何失败提示")]
    [InlineData("扫码后没有二维码", "扫码后没有二维码")]
    public void A_denial_that_tells_the_failure_or_is_all_there_is_is_read(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(text));
    }

    // A prompt quoted in brackets holds a failure's words, which a filled-in name does not.
    [Theory]
    [InlineData("提示【姓名与身份证号不匹配】", "提示姓名与身份证号不匹配")]
    [InlineData("[Registrant identity validity verification failed]", "registrantidentityvalidityverificationfailed")]
    [InlineData("主体【張三】不可作为", "主体\uE000不可作为")]
    [InlineData("提示【国防机构】", "提示国防机构")]
    public void A_prompt_quoted_in_brackets_is_read(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(text));
    }

    [Fact]
    public void Keeps_characters_outside_the_basic_plane()
    {
        Assert.Equal("𠀀字", TextNormalizer.Normalize("𠀀 字"));
    }
}
