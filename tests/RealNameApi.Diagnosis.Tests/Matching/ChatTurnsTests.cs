using RealNameApi.Diagnosis.Catalog;
using RealNameApi.Diagnosis.Matching;

namespace RealNameApi.Diagnosis.Tests.Matching;

/// <summary>A pasted support chat is about the failure the user's own turns name, not the agent's guesses.</summary>
public sealed class ChatTurnsTests
{
    private static readonly MessageMatcher Matcher = new(CatalogLoader.LoadEmbedded());

    // The agent's guess is not even a candidate.
    [Theory]
    [InlineData("dayu", "客服:“验证失败,请确保是账户本人操作”说明不是本人在操作\n我:我截图上写的是人脸与身份证头像不一致,跟你说的不一样", "dayu.face-mismatch-id-portrait", "dayu.verification-failed-not-owner")]
    [InlineData("dayu", "[21:05] 在线客服小林:二维码空白请刷新页面\n[21:06] 用户:我扫码后提示未知客户端", "dayu.unknown-client", "dayu.qr-code-blank")]
    [InlineData("aliyun-domain", "客服:注册者证件不完整的话需要重新上传完整的证件\n我:我这边写的是证件不清晰", "aliyun-domain.document-unclear", "aliyun-domain.document-incomplete")]
    [InlineData("aliyun-domain", "Support: \"Registrant document incomplete\" means the border is cut off.\nMe: mine is about the document being unqualified", "aliyun-domain.document-unqualified", "aliyun-domain.document-incomplete")]
    public void The_user_s_turns_name_the_failure(string platform, string message, string rule, string agentsGuess)
    {
        var result = Matcher.Match(platform, null, message);
        Assert.Equal(rule, result.Rule?.Id);
        Assert.DoesNotContain(agentsGuess, result.Alternatives.Select(a => a.Rule.Id));
    }

    // The agent's turn is all that names a failure: the whole chat is read.
    [Fact]
    public void A_chat_whose_only_failure_is_the_agent_s_is_read_whole() =>
        Assert.Equal(
            "dayu.face-mismatch-police-photo",
            Matcher.Match("dayu", null, "客服:您遇到的是人脸与公安网照片不一致吗?\n我:对,就是这个").Rule?.Id);

    // A speaker that names the user too ("我问客服:") is the user, and a sentence before a colon
    // is no speaker: those lines are read, and they alone name the failure.
    [Theory]
    [InlineData("我问客服:证件不清晰是什么意思\n谢谢")]
    [InlineData("请问客服,为什么提示:证件不清晰\n谢谢")]
    public void Only_the_agent_s_own_lines_are_left_out(string message) =>
        Assert.Equal("aliyun-domain.document-unclear", Matcher.Match("aliyun-domain", null, message).Rule?.Id);
}
