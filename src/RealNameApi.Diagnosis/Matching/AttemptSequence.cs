using System.Buffers;

namespace RealNameApi.Diagnosis.Matching;

/// <summary>
/// A text that tells attempts one after another ("一开始说证件不清晰,重新上传了;现在又说不在实名库中")
/// is about the last failure it names: the earlier ones were fixed. This finds where a later
/// attempt's account may begin, so that the matcher can read from there first.
/// </summary>
/// <remarks>
/// A later attempt opens a clause with a word of sequence (现在, 然后, 后来, 结果, 这回, 第二次,
/// 再, 但…) after a word of an earlier one (一开始, 先是, 之前, 第一次…), or names a failure again
/// anywhere in its clause (又说, 又提示). The matcher takes what follows only when it names a rule
/// by itself: "第一次提示X,然后我换了手机重试" still reads as X. A failure told as past and
/// settled ("三年前遇到过X,后来弄好了。现在想问…") is not the question: what follows is read
/// alone (<see cref="AfterSettled"/>).
/// </remarks>
internal static class AttemptSequence
{
    /// <summary>At most this many later clauses are tried, the last first.</summary>
    public const int MaxLaterClauses = 4;

    // Also another person's failure told before the user's own ("朋友那边是X,我这边是Y").
    private static readonly string[] EarlierWords =
        ["一开始", "刚开始", "最开始", "开始时", "最初", "起初", "先是", "之前", "以前", "第一次", "头一次", "原先", "朋友", "同事", "别人", "室友", "家人", "at first", "initially", "first time"];

    // And the user's own turn after another's: 我这边, 我的提示, 我是.
    private static readonly string[] LaterWords =
    [
        "现在", "然后", "后来", "结果", "这回", "这次", "第二次", "第三次", "再", "又", "但", "可是", "不过", "接着", "随后", "最后", "今天",
        "我这边", "我这次", "我今天", "我自己", "我遇到", "我碰到", "我现在", "我的提示", "我的是", "我的只有", "我这个", "我是", "而我",
        "now", "then", "but now", "this time", "after that",
    ];

    private static readonly string[] AgainWords = ["又说", "又提示", "又显示", "又弹", "又报", "变成", "变为", "again says", "now says"];

    // A failure told as past and settled ("三年前遇到过人脸跟公安网照片对不上,后来弄好了。现在我想问…"):
    // a word of the past before a word of its settling, and the question after them.
    private static readonly string[] PastWords = ["去年", "前年", "年前", "当时", "上次", "上回", "以前", "之前", "一开始", "最开始", "第一次"];
    private static readonly string[] SettledWords = ["弄好了", "改好了", "解决了", "搞定了", "处理好了", "注销了"];

    /// <summary>
    /// Where what follows a failure told as past and settled begins (after the clause that
    /// settles it), or -1 when the text tells none: the rest is what the text asks about.
    /// </summary>
    public static int AfterSettled(ReadOnlySpan<char> text)
    {
        var settled = text.IndexOfAny(SettledValues);
        var past = settled < 0 ? -1 : text[..settled].IndexOfAny(PastValues);
        // A prompt shown before the past is told ("提示X。我之前有个号,已经注销了") is the question itself.
        if (past < 0 || text[..past].IndexOfAny(ShownValues) >= 0)
        {
            return -1;
        }

        var end = text[settled..].IndexOfAny(ClauseEndMarks);
        return end < 0 ? -1 : settled + end + 1;
    }

    private static readonly SearchValues<string> PastValues = SearchValues.Create(PastWords, StringComparison.Ordinal);
    private static readonly SearchValues<string> SettledValues = SearchValues.Create(SettledWords, StringComparison.Ordinal);
    private static readonly SearchValues<string> ShownValues = SearchValues.Create(["提示", "显示", "弹出", "报错"], StringComparison.Ordinal);

    // What the scan stops at: clause punctuation and, until an earlier word is found, the first
    // characters of the earlier words (simplified, traditional, either case), so that the
    // characters between cost one vectorised search.
    private static readonly SearchValues<char> Marks = SearchValues.Create(TextNormalizer.ClauseEndCharacters + string.Concat(EarlierWords.Select(w => w[0]).Distinct()) + "剛開頭AIF");
    private static readonly SearchValues<char> ClauseEndMarks = SearchValues.Create(TextNormalizer.ClauseEndCharacters);
    private static readonly SearchValues<char> AgainStarts = SearchValues.Create("又变anAN");

    /// <summary>
    /// Writes into <paramref name="starts"/> where the text's later clauses begin, the last
    /// first, and returns how many there are (none when the text tells no sequence).
    /// </summary>
    public static int LaterClauses(ReadOnlySpan<char> text, Span<int> starts)
    {
        var count = 0;
        var earlier = false;
        for (var i = text.IndexOfAny(Marks); i >= 0; i = Next(text, i, earlier ? ClauseEndMarks : Marks))
        {
            var c = Key(text[i]);
            if (!TextNormalizer.IsClauseEnd(c))
            {
                earlier = StartsWithAny(text, i, c, EarlierWords);
                continue;
            }

            var clause = i + 1;
            while (clause < text.Length && char.IsWhiteSpace(text[clause]))
            {
                clause++;
            }

            if (clause < text.Length
                && ((earlier && StartsWithAny(text, clause, Key(text[clause]), LaterWords)) || ClauseSaysAgain(text[clause..])))
            {
                count = Push(starts, count, clause);
            }
        }

        starts[..count].Reverse();
        return count;
    }

    private static int Next(ReadOnlySpan<char> text, int i, SearchValues<char> marks)
    {
        var next = text[(i + 1)..].IndexOfAny(marks);
        return next < 0 ? -1 : i + 1 + next;
    }

    // Simplified, half width and lower case: how the words above are written.
    private static char Key(char c)
    {
        var folded = TextNormalizer.Fold(c);
        return char.IsAsciiLetterUpper(folded) ? (char)(folded | 0x20) : folded;
    }

    // Keeps the last MaxLaterClauses starts, in text order.
    private static int Push(Span<int> starts, int count, int start)
    {
        if (count == starts.Length)
        {
            starts[1..].CopyTo(starts);
            count--;
        }

        starts[count] = start;
        return count + 1;
    }

    // Whether one of the words starts at `start`, whose character is `first` (as Key makes it).
    private static bool StartsWithAny(ReadOnlySpan<char> text, int start, char first, string[] words)
    {
        foreach (var word in words)
        {
            if (word[0] == first && start + word.Length <= text.Length && StartsWith(text, start, word))
            {
                return true;
            }
        }

        return false;
    }

    private static bool StartsWith(ReadOnlySpan<char> text, int start, string word)
    {
        for (var k = 1; k < word.Length; k++)
        {
            if (Key(text[start + k]) != word[k])
            {
                return false;
            }
        }

        return true;
    }

    private static bool ClauseSaysAgain(ReadOnlySpan<char> clause)
    {
        var end = clause.IndexOfAny(ClauseEndMarks);
        clause = end < 0 ? clause : clause[..end];
        for (var i = clause.IndexOfAny(AgainStarts); i >= 0; i = Next(clause, i, AgainStarts))
        {
            if (StartsWithAny(clause, i, Key(clause[i]), AgainWords))
            {
                return true;
            }
        }

        return false;
    }
}
