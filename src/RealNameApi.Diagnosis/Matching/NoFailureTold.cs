using System.Buffers;

namespace RealNameApi.Diagnosis.Matching;

/// <summary>
/// Texts that use a failure's words yet tell no failure: a question asked before verifying, and
/// a verification that passed. Read on the normal form; the matcher then names no rule.
/// </summary>
internal static class NoFailureTold
{
    // Words of a question asked before any failure: a step not yet taken, or an "if".
    private static readonly SearchValues<string> BeforeAnyFailureWords = SearchValues.Create(
    [
        "还没认证", "还没有认证", "还没实名", "还没有实名", "还没开始", "还没注册", "没注册", "还没提交", "还没有提交", "还没上传", "还没有上传",
        "还没做", "还没扫", "还没遇到", "没遇到过", "先问问", "先问一下", "提前问", "如果", "假如", "万一", "要是", "纯好奇", "出于好奇", "好奇问", "只是问问", "随便问问",
        "hypothetically", "haventregistered", "havenotregistered", "haventtried", "havenottried", "haventsubmitted", "havenotsubmitted", "haventverified", "havenotverified", "注册前", "注册之前", "注册域名前", "认证前", "认证之前", "实名前", "实名之前",
    ], StringComparison.Ordinal);

    // Words of something the platform showed or said: a question with one of these is about a
    // failure that happened, whatever else it asks.
    private static readonly SearchValues<string> ReportWords = SearchValues.Create(
        ["提示", "显示", "说", "报", "弹", "被拒", "驳回", "拒绝", "打回", "挂了", "失败了", "不通过", "没通过", "没过", "结果", "says", "said", "shows", "showed", "rejected", "told"], StringComparison.Ordinal);

    // Words of an "if" (如果, 万一; in English, as the normal form runs the words together, an
    // "if" before "the" or "my", which no word holds): a report word this close after one tells
    // what might be shown.
    private static readonly SearchValues<string> IfWords = SearchValues.Create(["如果", "假如", "万一", "要是", "假设", "hypothetically", "whatif", "ifthe", "ifmy"], StringComparison.Ordinal);
    private const int IfReach = 12;

    // What may come just before a report word that tells no report: what would be shown (会提示),
    // a kind of prompt (这种提示, 这类提示), hearsay (听说).
    private static readonly SearchValues<char> NotReportingBefore = SearchValues.Create("会种类听");

    // Words of a verification that passed; and the characters of anything gone wrong, denied
    // or set against it (不, 没, 失败, 错, 但, 却…), any of which makes the text more than a success.
    private static readonly SearchValues<string> SuccessWords = SearchValues.Create(
        ["认证通过", "认证成功", "验证通过", "验证成功", "比对成功", "审核通过", "实名成功", "已通过", "已经通过"], StringComparison.Ordinal);
    private static readonly SearchValues<char> FailureMarks = SearchValues.Create("不没未无失败错误拒驳但却卡跳");

    // Words of a page still asking for something after the success: the neighbour prompt's 已有认证信息,立即提交.
    private static readonly SearchValues<string> StillAsking = SearchValues.Create(["已有", "提交", "提示", "可是"], StringComparison.Ordinal);

    /// <summary>
    /// Whether the text asks about a failure that has not happened: a verification not yet made
    /// or an "if" ("如果人脸与身份证头像不一致会怎样?我还没认证"), with nothing shown or said by the
    /// platform (what it would show, "会不会提示…", is no report). On the normal form, before the vocabulary (还没上传 would read as 未提交).
    /// </summary>
    public static bool AsksBeforeAnyFailure(ReadOnlySpan<char> normal) =>
        normal.IndexOfAny(BeforeAnyFailureWords) >= 0 && !ReportsSomething(normal);

    // A word of a report that tells what was shown: not after 会, 这种 or 听 ("会不会提示X",
    // "这种提示一般是什么原因", "听说"), nor just after an "if" ("万一提示X怎么办").
    private static bool ReportsSomething(ReadOnlySpan<char> normal)
    {
        for (var from = 0; normal[from..].IndexOfAny(ReportWords) is var at and >= 0; from += at + 1)
        {
            var i = from + at;
            if ((i == 0 || !NotReportingBefore.Contains(normal[i - 1])) && normal[Math.Max(0, i - IfReach)..i].IndexOfAny(IfWords) < 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the text tells a verification that passed and nothing gone wrong or shown after
    /// it ("实名认证刚刚通过了,人脸跟公安网照片比对成功,谢谢"): no failure to diagnose.
    /// </summary>
    public static bool TellsOnlySuccess(ReadOnlySpan<char> normal) =>
        normal.IndexOfAny(SuccessWords) >= 0 && normal.IndexOfAny(FailureMarks) < 0 && normal.IndexOfAny(StillAsking) < 0;
}
