namespace RealNameApi.Diagnosis.Matching;

/// <summary>
/// A support chat pasted whole ("客服:人脸与公安网照片不一致的话…\n我:我的提示是验证不通过"): the
/// agent's turns guess at failures the user may not have, and the user's own turns say which
/// one the platform showed. The matcher reads the text without the agent's turns first.
/// </summary>
/// <remarks>
/// A turn is a line that opens with its speaker and a colon, after an optional time
/// ("[10:32] 客服小美:", "Agent: …"). Only lines whose speaker is the platform's side are left
/// out; lines with no speaker, or another one ("我:", "用户:", "Me:"), are kept. The matcher falls
/// back to the whole text when the user's turns alone name no rule.
/// </remarks>
internal static class ChatTurns
{
    /// <summary>A speaker's name is at most this long (before its colon).</summary>
    public const int MaxSpeakerLength = 16;

    // Names of the platform's side, compared ignoring case; a speaker that also names the user
    // (我问客服:, 用户对客服说:) is the user.
    private static readonly string[] AgentWords =
        ["客服", "小二", "小蜜", "工作人员", "技术支持", "售后", "官方", "agent", "support", "staff", "customer service", "helpdesk", "operator", "cs"];

    private static readonly string[] UserWords = ["我", "用户", "客户", "本人", "me", "user"];

    // What a time or date before the speaker is written with.
    private const string TimeCharacters = "0123456789:/-.年月日时分秒 []【】()（）:\t";

    /// <summary>
    /// The message without the lines the platform's side spoke, or null when it has none (or
    /// nothing with words would remain).
    /// </summary>
    public static string? WithoutAgentTurns(string message)
    {
        if (!message.Contains('\n') || (!message.Contains(':') && !message.Contains(':')))
        {
            return null;
        }

        var kept = new System.Text.StringBuilder(message.Length);
        var dropped = false;
        foreach (var range in message.AsSpan().Split('\n'))
        {
            var line = message.AsSpan(range);
            if (IsAgentTurn(line))
            {
                dropped = true;
                continue;
            }

            kept.Append(line).Append('\n');
        }

        if (!dropped)
        {
            return null;
        }

        var rest = kept.ToString();
        return HasLetters(rest) ? rest : null;
    }

    private static bool HasLetters(string text)
    {
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAgentTurn(ReadOnlySpan<char> line)
    {
        var start = 0;
        while (start < line.Length && (TimeCharacters.Contains(line[start]) || char.IsWhiteSpace(line[start])))
        {
            start++;
        }

        var colon = line[start..].IndexOfAny(':', ':');
        if (colon <= 0 || colon > MaxSpeakerLength)
        {
            return false;
        }

        var speaker = line.Slice(start, colon);
        return ContainsAny(speaker, AgentWords) && !ContainsAny(speaker, UserWords) && IsName(speaker);
    }

    // A speaker's name holds no clause punctuation: "请问客服,这是为什么:" is a sentence, not a name.
    private static bool IsName(ReadOnlySpan<char> speaker)
    {
        foreach (var c in speaker)
        {
            if (TextNormalizer.IsClauseEnd(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ContainsAny(ReadOnlySpan<char> speaker, string[] words)
    {
        foreach (var word in words)
        {
            // A Latin name counts as a whole word: "cs" is not in "docs", nor "me" in "customer".
            for (var from = 0; speaker[from..].IndexOf(word, StringComparison.OrdinalIgnoreCase) is var at and >= 0; from += at + 1)
            {
                if (!char.IsAsciiLetter(word[0]) || IsWholeWord(speaker, from + at, word.Length))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsWholeWord(ReadOnlySpan<char> text, int at, int length) =>
        (at == 0 || !char.IsAsciiLetter(text[at - 1])) && (at + length == text.Length || !char.IsAsciiLetter(text[at + length]));
}
