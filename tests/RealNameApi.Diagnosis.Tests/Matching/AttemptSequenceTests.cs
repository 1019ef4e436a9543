using RealNameApi.Diagnosis.Catalog;
using RealNameApi.Diagnosis.Matching;

namespace RealNameApi.Diagnosis.Tests.Matching;

/// <summary>A text that tells attempts one after another is about the last failure it names.</summary>
public sealed class AttemptSequenceTests
{
    private static readonly MessageMatcher Matcher = new(CatalogLoader.LoadEmbedded());

    [Theory]
    [InlineData("dayu", "一开始说人脸与公安网照片不一致,我换了个亮的地方;现在又说姓名与身份证号不匹配", "dayu.name-id-number-mismatch")]
    [InlineData("dayu", "最開始提示未知客戶端,後來改用淘寶掃碼,結果認證材料不滿足要求", "dayu.materials-not-acceptable")]
    [InlineData("aliyun-domain", "先是上传的文件格式不支持,另存为PNG后传上去了,审核回来又说证件不清晰", "aliyun-domain.document-unclear")]
    [InlineData("aliyun-domain", "第一次说注册者证件不完整;第二次说库中无此号;这回说注册者身份有效性验证失败", "aliyun-domain.identity-validity-check-failed")]
    // Another person's failure, then the user's own.
    [InlineData("dayu", "我同事遇到的是“姓名与身份证号不匹配,请重新确认并再次认证”,我这边是请检查姓名和证件号", "dayu.check-name-and-id-number")]
    [InlineData("aliyun-domain", "朋友的域名审核结果是注册者证件不清晰/被遮挡,我的是证件电子信息核验不合格", "aliyun-domain.electronic-info-check-failed")]
    // A prompt that changed into another.
    [InlineData("aliyun-domain", "上周提示上传的文件格式不支持,转成jpg以后变成了注册者证件不合格", "aliyun-domain.document-unqualified")]
    public void The_last_failure_told_is_the_answer(string platform, string message, string rule) =>
        Assert.Equal(rule, Matcher.Match(platform, null, message).Rule?.Id);

    [Theory]
    // What follows names no failure by itself: the one before stands.
    [InlineData("dayu", "第一次提示人脸与公安网照片不一致,然后我换了个手机重试了", "dayu.face-mismatch-police-photo")]
    // No earlier attempt is told: 然后 only goes on with the same one.
    [InlineData("dayu", "姓名与身份证号不匹配,然后让我重新确认并再次认证", "dayu.name-id-number-mismatch")]
    public void A_later_clause_that_names_no_new_failure_leaves_the_answer(string platform, string message, string rule) =>
        Assert.Equal(rule, Matcher.Match(platform, null, message).Rule?.Id);

    // A failure told as past and settled, then a question about something else: no diagnosis.
    [Theory]
    [InlineData("dayu", "去年认证时遇到过人脸与公安网照片不一致,后来弄好了。现在想问收益怎么提现")]
    [InlineData("aliyun-domain", "之前域名实名被说注册者证件不清晰,改好了。这次想问续费多少钱")]
    public void A_settled_past_failure_is_not_the_question(string platform, string message) =>
        Assert.Null(Matcher.Match(platform, null, message).Rule);

    // The prompt comes first; what is settled after it is something else (an old account closed).
    [Fact]
    public void A_prompt_told_before_a_settled_past_is_the_question() =>
        Assert.Equal(
            "dayu.id-number-account-limit",
            Matcher.Match("dayu", null, "大鱼号提示此身份证号已关联其他大鱼号。我之前有一个号,去年已经注销了,怎么还这样?").Rule?.Id);

    [Fact]
    public void A_settled_failure_and_then_a_new_one_is_the_new_one()
    {
        var result = Matcher.Match("aliyun-domain", null, "之前说注册者证件不清晰,改好了。现在又说库中无此号");
        Assert.Equal("aliyun-domain.number-not-in-registry", result.Rule?.Id);
    }
}
