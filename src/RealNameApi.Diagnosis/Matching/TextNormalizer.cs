using System.Buffers;

namespace RealNameApi.Diagnosis.Matching;

/// <summary>
/// Brings a failure message and the catalog's known messages to one comparable form, so that
/// what the user pasted matches what the platform showed despite width, punctuation, quotes,
/// spaces, case, a leading "失败提示:" and a filled-in placeholder.
/// </summary>
/// <remarks>
/// The normal form keeps only letters and digits (any script), folded to half width, lower
/// case and simplified characters (traditional, Taiwan / Hong Kong and Japanese variants and
/// written Cantonese fold as <see cref="CharacterData"/> says: 認證 reads as 认证; and in such a
/// text a Taiwan word as the mainland one, 資訊 as 信息). A pinyin initialism such as sfz, and in
/// a Chinese text a pinyin or English word such as "gongan" or "document", is read as Chinese
/// (<see cref="LatinWords"/>). A bracketed span such as 【张三】 or 【XXX】 becomes
/// <see cref="Placeholder"/>, because platforms fill their placeholders with the subject's name:
/// the known message's 【XXX】 and the user's 【张三】 then compare equal, and the name itself
/// never reaches the matcher's output; a prompt quoted in brackets (【姓名与身份证号不匹配】) is read.
/// A clause that opens with a denial ("不是公安网照片", "它也没说不匹配", "没有 Command syntax
/// error") is left out: it names another failure to rule it out.
/// </remarks>
public static class TextNormalizer
{
    /// <summary>The character that stands for a bracketed, filled-in placeholder.</summary>
    public const char Placeholder = '\uE000';

    // Taiwan words read as the mainland ones (資訊 as 信息, 聯絡 as 联系), after the characters are folded.
    private static readonly VocabularyRewriter TaiwanWords = new(CharacterData.TaiwanPhrases().Select(p => (IReadOnlyList<string>)[p.Mainland, p.Taiwan]));

    // Words of failures, which a filled-in name does not hold (see IsQuotedPrompt).
    private static readonly string[] PromptWords =
    [
        "认证", "实名", "验证", "审核", "核验", "证件", "身份证", "照片", "头像", "人脸", "不一致", "不匹配", "失败", "上限", "错误", "有误",
        "不合格", "不通过", "无法", "二维码", "客户端", "信息", "提交", "上传", "格式", "国防", "verif", "fail", "match", "error", "invalid", "not ",
    ];

    // Bracketed text longer than this is prose, not a filled-in name.
    private const int MaxPlaceholderLength = 40;

    // Words users paste in front of the prompt itself, in normal form. Those in the first list
    // are never part of a prompt, so they go with or without a colon after them; the short,
    // ordinary words of the second list go only when a colon follows ("错误:..." but not
    // "错误的证件号"). Longest first, so "系统提示" goes before "提示".
    private static readonly string[] Prefixes =
    [
        "实名认证失败提示", "认证失败提示", "失败提示", "系统会提示", "系统提示", "错误提示", "页面提示", "界面提示",
    ];

    private static readonly string[] PrefixesBeforeColon =
    [
        "错误信息", "失败原因", "提示信息", "报错信息", "errormessage", "报错", "提示", "错误", "原因", "message", "error",
    ];

    // The first character of every prefix of both lists.
    private static readonly SearchValues<char> PrefixStarts = SearchValues.Create([.. Prefixes.Concat(PrefixesBeforeColon).Select(p => p[0]).Distinct()]);

    // Words that open a clause denying something: the clause is not read (see IsDenial).
    // Longest first where one starts another.
    // 以为: what the user took it for before reading it ("我以为是X,仔细一看是Y").
    private static readonly string[] Denials =
        ["并不是", "而不是", "也不是", "倒不是", "不是说", "不是", "并非", "而非", "没有说", "没说", "没有提", "没提", "没有带", "没带", "没有写", "没写", "后面没有", "后面没", "以为", "本以为", "原以为", "还以为"];

    // Words of a worry within a clause's first characters: "之前一直担心会出现X" tells no failure.
    private static readonly string[] Worries = ["担心", "害怕", "生怕", "就怕", "怕会", "会不会"];
    private const int WorryReach = 8;
    private static readonly SearchValues<char> WorryStarts = SearchValues.Create([.. Worries.Select(w => w[0]).Distinct()]);

    // Who or what may come before the denial itself: "它也没说不匹配", "后面也没提人脸", "注意不是…",
    // "我不是库中无此号". Longest first where one starts another.
    private static readonly string[] DenialLeads =
        ["系统也", "页面也", "后面也", "前面也", "它也", "系统", "页面", "后面", "前面", "注意", "但是", "可是", "而且", "我这边", "我这个", "我的", "它", "也", "但", "我", ""];

    // 没有 denies when a prompt's words follow it quoted or in Latin letters ("没有 Command syntax
    // error", "没有“注册”两个字"); alone it may tell the failure (没有任何提示, 没有二维码).
    private const string NotThere = "没有";
    private static readonly SearchValues<char> QuoteOrLatin = SearchValues.Create("\"'“‘「『abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    // The first characters of the leads and of the denials, so that most clauses cost one look-up.
    private static readonly SearchValues<char> DenialFirsts = SearchValues.Create([.. Denials.Append(NotThere).Select(w => w[0]).Distinct()]);

    private static readonly SearchValues<char> DenialStarts = SearchValues.Create([.. DenialLeads.Concat(Denials).Where(w => w.Length > 0).Select(w => w[0]).Distinct()]);

    // What may follow a denial's words in a clause that does tell a failure: 不是同一个人, 不是本人,
    // 没提交 (not submitted).
    private static readonly string[] DenialsKept = ["同一", "一个人", "一样", "本人", "我本人", "账户本人", "帐户本人", "交"];

    // Colons seen within this many normal-form characters of the start can end a prefix.
    private const int MaxColons = 4;

    /// <summary>
    /// Writes the normal form of <paramref name="text"/> into <paramref name="buffer"/> (at least
    /// as long as the text) and returns the part of it that holds the result.
    /// </summary>
    public static ReadOnlySpan<char> Normalize(ReadOnlySpan<char> text, Span<char> buffer)
    {
        var normal = Normalize(text, buffer, skipNegated: true, out var skipped);
        // A text that is all denials ("不是人脸的问题") still says what it is about.
        return skipped && normal.IsEmpty ? Normalize(text, buffer, skipNegated: false, out _) : normal;
    }

    private static ReadOnlySpan<char> Normalize(ReadOnlySpan<char> text, Span<char> buffer, bool skipNegated, out bool skipped)
    {
        skipped = false;
        var clauseStart = true;
        var length = 0;
        Span<int> colons = stackalloc int[MaxColons];
        var colonCount = 0;
        bool? chinese = null;
        var traditional = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = Fold(text[i]);
            traditional |= c != text[i] && c >= '\u3400';

            // Fast paths for the common cases: CJK ideographs have no case (and are no brackets),
            // ASCII needs no tables.
            if (c is >= '\u4E00' and <= '\u9FFF')
            {
                if (clauseStart)
                {
                    clauseStart = false;
                    if (skipNegated && ((DenialStarts.Contains(c) && IsDenial(text, i)) || TellsWorry(text, i)))
                    {
                        skipped = true;
                        while (i + 1 < text.Length && !IsClauseEnd(Fold(text[i + 1])))
                        {
                            i++;
                        }

                        continue;
                    }
                }

                buffer[length++] = c;
                continue;
            }

            if (IsClauseEnd(c))
            {
                clauseStart = true;
                continue;
            }

            clauseStart &= char.IsWhiteSpace(c);

            if (IsOpeningBracket(c, out var closing))
            {
                var end = FindClosing(text, i + 1, closing);
                if (end > i + 1 && !IsQuotedPrompt(text[(i + 1)..end]))
                {
                    buffer[length++] = Placeholder;
                    i = end;
                }

                continue;
            }

            if (char.IsAsciiLetter(c) && (i == 0 || !char.IsAsciiLetter(Fold(text[i - 1]))) && TryLatinWord(text, i, chinese ??= HasChinese(text), out var run, out var characters))
            {
                characters.CopyTo(buffer[length..]);
                length += characters.Length;
                i += run - 1;
                continue;
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                buffer[length++] = char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c;
            }
            else if (c >= '\u0080' && char.IsLetterOrDigit(c))
            {
                buffer[length++] = char.ToLowerInvariant(c);
            }
            else if (char.IsSurrogate(c))
            {
                // Rare CJK characters (生僻字) live outside the BMP; keep both halves as they are.
                buffer[length++] = c;
            }
            else if (c == ':' && colonCount < MaxColons)
            {
                colons[colonCount++] = length;
            }
        }

        var normal = buffer[PrefixLength(buffer[..length], colons[..colonCount])..length];

        // Only a text written in traditional characters: Taiwan's words come with them, and a
        // mainland text is spared the pass. In place: no Taiwan word is shorter than the mainland
        // word it becomes, so the rewriting never writes ahead of what it has read.
        return traditional ? TaiwanWords.Rewrite(normal, normal) : normal;
    }

    /// <summary>The normal form of <paramref name="text"/> as a new string (for load time, not the hot path).</summary>
    public static string Normalize(string text)
    {
        var buffer = new char[text.Length];
        return new string(Normalize(text.AsSpan(), buffer));
    }

    // Whether the run of Latin letters at `start` is read as Chinese (sfz; in a Chinese text,
    // "document"), and as what: never longer than the run, so the buffer, as long as the text,
    // still holds the normal form.
    private static bool TryLatinWord(ReadOnlySpan<char> text, int start, bool inChineseText, out int run, out string characters)
    {
        Span<char> words = stackalloc char[(2 * LatinWords.MaxLength) + 1];
        characters = "";
        // Outside a Chinese text only initialisms are read, and they are short.
        run = ReadWord(text, start, words, inChineseText ? LatinWords.MaxLength : LatinWords.MaxInitialismLength);
        if (run < 0)
        {
            return false;
        }

        // Two words read as one ("ID card"): the first, one space, the second, after spaces or a hyphen.
        if (inChineseText && LatinWords.StartsPair(words[..run]))
        {
            var next = start + run;
            while (next < text.Length && Fold(text[next]) is ' ' or '-')
            {
                next++;
            }

            words[run] = ' ';
            var second = next > start + run ? ReadWord(text, next, words[(run + 1)..], LatinWords.MaxLength) : -1;
            if (second > 0 && LatinWords.TryReadPair(words[..(run + 1 + second)], out characters))
            {
                run = next + second - start;
                return true;
            }
        }

        return LatinWords.TryRead(words[..run], inChineseText, out characters);
    }

    // The lower-cased letters of the run at `start` into `word`, and how many; -1 when longer
    // than `max`.
    private static int ReadWord(ReadOnlySpan<char> text, int start, Span<char> word, int max)
    {
        var length = 0;
        while (start + length < text.Length && char.IsAsciiLetter(Fold(text[start + length])))
        {
            if (length == max)
            {
                return -1;
            }

            word[length] = (char)(Fold(text[start + length]) | 0x20);
            length++;
        }

        return length;
    }

    /// <summary>Punctuation that ends a clause, half and full width.</summary>
    internal const string ClauseEndCharacters = ",.;!?\n。、…，．；！？—((";

    private static readonly SearchValues<char> ClauseEnds = SearchValues.Create(ClauseEndCharacters);

    // Whether `c` ends a clause (folded or not: both widths are in the set).
    internal static bool IsClauseEnd(char c) => ClauseEnds.Contains(c);

    // Whether the clause at `start` denies rather than tells: "不是公安网照片,是身份证上的头像",
    // "没说不匹配". Its words are another rule's, named to rule it out, so the clause is not read.
    // 不是 that is itself a mismatch (不是同一个人, 不是一样的) or the owner prompt's (不是本人) still counts.
    private static bool IsDenial(ReadOnlySpan<char> text, int start)
    {
        var first = Fold(text[start]);
        foreach (var lead in DenialLeads)
        {
            if ((lead.Length == 0 || lead[0] == first) && StartsWithFolded(text, start, lead) && IsDenialProper(text, AfterSpeaker(text, start + lead.Length, lead)))
            {
                return true;
            }
        }

        return false;
    }

    // Whether a worry's words come within the clause's first characters ("之前一直担心会出现X").
    private static bool TellsWorry(ReadOnlySpan<char> text, int start)
    {
        var end = Math.Min(text.Length, start + WorryReach);
        for (var i = start; i < end && !IsClauseEnd(Fold(text[i])); i++)
        {
            if (WorryStarts.Contains(Fold(text[i])))
            {
                foreach (var worry in Worries)
                {
                    if (StartsWithFolded(text, i, worry))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    // After a lead that may be a chat's speaker ("我:不是库中无此号"), its colon and spaces.
    private static int AfterSpeaker(ReadOnlySpan<char> text, int start, string lead)
    {
        if (lead.Length > 0)
        {
            while (start < text.Length && (text[start] is ':' or ':' || char.IsWhiteSpace(text[start])))
            {
                start++;
            }
        }

        return start;
    }

    private static bool IsDenialProper(ReadOnlySpan<char> text, int start)
    {
        if (start >= text.Length || !DenialFirsts.Contains(Fold(text[start])))
        {
            return false;
        }

        if (StartsWithFolded(text, start, NotThere))
        {
            var next = text[(start + NotThere.Length)..].TrimStart();
            if (!next.IsEmpty && QuoteOrLatin.Contains(Fold(next[0])))
            {
                return true;
            }
        }

        foreach (var denial in Denials)
        {
            if (StartsWithFolded(text, start, denial))
            {
                var rest = start + denial.Length;
                foreach (var kept in DenialsKept)
                {
                    if (StartsWithFolded(text, rest, kept))
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        return false;
    }

    private static bool StartsWithFolded(ReadOnlySpan<char> text, int start, string word)
    {
        if (start + word.Length > text.Length)
        {
            return false;
        }

        for (var k = 0; k < word.Length; k++)
        {
            if (Fold(text[start + k]) != word[k])
            {
                return false;
            }
        }

        return true;
    }

    // Whether the text has a CJK ideograph (asked once per text, at its first Latin word).
    private static bool HasChinese(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is >= '\u4E00' and <= '\u9FFF')
            {
                return true;
            }
        }

        return false;
    }

    internal static char Fold(char c) => c switch
    {
        >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
        '\u3000' => ' ',
        // Traditional and variant characters compare as their simplified forms (OpenCC's data).
        >= '\u3400' => CharacterData.Simplify(c),
        _ => c,
    };

    private static bool IsOpeningBracket(char c, out char closing)
    {
        closing = c switch
        {
            '【' => '】',
            '〖' => '〗',
            '[' => ']',
            _ => '\0',
        };
        return closing != '\0';
    }

    // Whether bracketed text is a prompt quoted in brackets ("提示【姓名与身份证号不匹配】",
    // "[Registrant identity validity verification failed]") rather than a filled-in name: it
    // holds a word of a failure, which names do not. Its words are then read, without the brackets.
    private static bool IsQuotedPrompt(ReadOnlySpan<char> inside)
    {
        Span<char> folded = stackalloc char[inside.Length];
        for (var k = 0; k < inside.Length; k++)
        {
            var c = Fold(inside[k]);
            folded[k] = char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c;
        }

        foreach (var word in PromptWords)
        {
            if (folded.Contains(word, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    // The index of the closing bracket, or -1 when there is none close enough.
    private static int FindClosing(ReadOnlySpan<char> text, int start, char closing)
    {
        var limit = Math.Min(text.Length, start + MaxPlaceholderLength + 1);
        for (var j = start; j < limit; j++)
        {
            if (Fold(text[j]) == closing)
            {
                return j;
            }
        }

        return -1;
    }

    // How much of the start of `text` is prefixes, stripped one after another ("系统提示:错误:...").
    private static int PrefixLength(ReadOnlySpan<char> text, ReadOnlySpan<int> colons)
    {
        var start = 0;
        while (TryPrefix(text, start, colons, out var next))
        {
            start = next;
        }

        return start;
    }

    // Whether a prefix starts at `start`, leaving at least two characters: "错误" alone is the
    // whole message, not a prefix.
    private static bool TryPrefix(ReadOnlySpan<char> text, int start, ReadOnlySpan<int> colons, out int next)
    {
        var rest = text[start..];

        // Most messages start with none of the prefixes' first characters: one search rules
        // every prefix out.
        if (rest.Length < 2 || !PrefixStarts.Contains(rest[0]))
        {
            next = start;
            return false;
        }

        foreach (var prefix in Prefixes)
        {
            if (rest.Length >= prefix.Length + 2 && rest.StartsWith(prefix, StringComparison.Ordinal))
            {
                next = start + prefix.Length;
                return true;
            }
        }

        foreach (var prefix in PrefixesBeforeColon)
        {
            if (rest.Length >= prefix.Length + 2 && rest.StartsWith(prefix, StringComparison.Ordinal)
                && colons.Contains(start + prefix.Length))
            {
                next = start + prefix.Length;
                return true;
            }
        }

        next = start;
        return false;
    }
}
