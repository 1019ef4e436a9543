using System.Collections.Frozen;
using System.Text;

namespace RealNameApi.Diagnosis.Matching;

/// <summary>
/// The character data of the matcher, generated from maintained sources (see Matching/Data):
/// traditional and variant characters folded to simplified ones and Taiwan words to mainland
/// ones (OpenCC), and each common character's Mandarin syllable (Unihan kMandarin); and, ours,
/// a few written Cantonese characters folded to the Mandarin ones and a few look-alike characters
/// read by sound as the ones they are mistaken for.
/// </summary>
/// <remarks>
/// A syllable is a "phonetic key": a private-use character standing for every character read
/// that way, after folding the distinctions pinyin input methods let users blur (their "fuzzy
/// pinyin": zh/z, ch/c, sh/s, and -ng/-n after a, e, i). A homophone picked from the input
/// method's list by mistake then has the key of the character meant.
/// </remarks>
public static class CharacterData
{
    /// <summary>The first private-use character used for phonetic keys.</summary>
    public const char FirstKey = '\uE100';

    private static readonly char[] Simplified = LoadSimplified();
    private static readonly char[] Keys = LoadKeys(out SyllableKeys);

    // Each toneless pinyin syllable's phonetic key: the key of the characters read so.
    private static readonly FrozenDictionary<string, char> SyllableKeys;

    private static readonly FrozenDictionary<string, char>.AlternateLookup<ReadOnlySpan<char>> SyllableLookup = SyllableKeys.GetAlternateLookup<ReadOnlySpan<char>>();

    // The longest pinyin syllable (zhuang, chuang, shuang).
    private const int MaxSyllable = 6;

    /// <summary>
    /// Taiwan words and the mainland words for them (资讯 and 信息, 联络 and 联系), in simplified
    /// characters; the mainland word is never the longer (OpenCC's TWPhrasesRev).
    /// </summary>
    public static IReadOnlyList<(string Taiwan, string Mainland)> TaiwanPhrases() => [.. Lines("taiwan-phrases.txt"), .. TaiwanIdentityWords];

    // Taiwan's words for the identity card and its number (身分證, 身分證字號), which OpenCC's
    // phrase table leaves alone because both are correct Chinese; in simplified characters.
    private static readonly (string Taiwan, string Mainland)[] TaiwanIdentityWords = [("身分证字号", "身份证号"), ("身分证号", "身份证号"), ("身分证", "身份证")];

    /// <summary>The simplified form of <paramref name="c"/>, or <paramref name="c"/> itself.</summary>
    public static char Simplify(char c) => Simplified[c] is var s && s != '\0' ? s : c;

    /// <summary>The phonetic key of <paramref name="c"/>, or <paramref name="c"/> itself when it has no reading.</summary>
    public static char PhoneticKey(char c) => Keys[c] is var k && k != '\0' ? k : c;

    /// <summary>The syllable as pinyin input methods let users blur it (see the remarks).</summary>
    public static string FuzzySyllable(string syllable)
    {
        var s = syllable;
        if (s.Length > 2 && s[1] == 'h' && s[0] is 'z' or 'c' or 's')
        {
            s = s[0] + s[2..];
        }

        if (s.EndsWith("ang", StringComparison.Ordinal) || s.EndsWith("eng", StringComparison.Ordinal) || s.EndsWith("ing", StringComparison.Ordinal))
        {
            s = s[..^1];
        }

        return s;
    }

    // Written Cantonese characters and the Mandarin ones they stand for (唔 for 不, 嘅 for 的, 咗
    // for 了), folded as variants are: "身份證號碼唔匹配" is "身份证号码不匹配". OpenCC converts
    // scripts, not dialects, and no maintained table of these exists, so the list is ours. Only
    // characters written Mandarin has no use for are here: not 係 (是 in Cantonese, but 系 of 關係).
    private const string CantoneseCharacters = "唔不嘅的咗了冇没嚟来喺在佢他啲些睇看畀给嗰那冚全攞拿";

    private static char[] LoadSimplified()
    {
        var table = new char[char.MaxValue + 1];
        foreach (var (target, sources) in Lines("traditional-to-simplified.txt"))
        {
            foreach (var source in sources)
            {
                table[source] = target[0];
            }
        }

        for (var i = 0; i < CantoneseCharacters.Length; i += 2)
        {
            table[CantoneseCharacters[i]] = CantoneseCharacters[i + 1];
        }

        return table;
    }

    // Characters that OCR of a screenshot, or a hurried writer, puts for ones they look like (本入
    // for 本人, 验证夫败 for 验证失败, 证仵号 for 证件号), each followed by the one meant: read by
    // sound as that one, since the reading by sound is where near misses are looked for. Ours, as
    // no maintained table of look-alikes exists; only pairs whose first is rare in the prompts'
    // words, so that reading it as the second loses nothing.
    private const string LookAlikes = "入人夫失末未己已巳已仵件辻过";

    private static char[] LoadKeys(out FrozenDictionary<string, char> syllableKeys)
    {
        var table = new char[char.MaxValue + 1];
        var keys = new Dictionary<string, char>(StringComparer.Ordinal);
        var syllables = new Dictionary<string, char>(StringComparer.Ordinal);
        foreach (var (syllable, characters) in Lines("mandarin-readings.txt"))
        {
            var fuzzy = FuzzySyllable(syllable);
            if (!keys.TryGetValue(fuzzy, out var key))
            {
                key = keys[fuzzy] = (char)(FirstKey + keys.Count);
            }

            syllables[syllable] = key;

            foreach (var c in characters)
            {
                table[c] = key;
            }
        }

        for (var i = 0; i < LookAlikes.Length; i += 2)
        {
            table[LookAlikes[i]] = table[LookAlikes[i + 1]];
        }

        syllableKeys = syllables.ToFrozenDictionary(StringComparer.Ordinal);
        return table;
    }

    /// <summary>
    /// Writes the phonetic keys of <paramref name="letters"/> (lower-case ASCII) read as toneless
    /// pinyin syllables into <paramref name="keys"/> and returns how many, or 0 when the letters
    /// are not wholly pinyin: "quebao" is 确保's two keys, "ming zi" typed without its spaces too.
    /// Of the ways to cut the letters into syllables, the one with the fewest syllables.
    /// </summary>
    public static int PinyinKeys(ReadOnlySpan<char> letters, Span<char> keys)
    {
        if (letters.IsEmpty || letters.Length > 256)
        {
            return 0;
        }

        // fewest[i]: the fewest syllables that spell letters[i..]; cut[i]: the first one's length.
        Span<int> fewest = stackalloc int[letters.Length + 1];
        Span<int> cut = stackalloc int[letters.Length + 1];
        fewest[letters.Length] = 0;
        for (var i = letters.Length - 1; i >= 0; i--)
        {
            fewest[i] = int.MaxValue;
            for (var n = Math.Min(MaxSyllable, letters.Length - i); n >= 1; n--)
            {
                if (fewest[i + n] != int.MaxValue && fewest[i + n] + 1 < fewest[i] && SyllableLookup.ContainsKey(letters.Slice(i, n)))
                {
                    fewest[i] = fewest[i + n] + 1;
                    cut[i] = n;
                }
            }
        }

        if (fewest[0] == int.MaxValue)
        {
            return 0;
        }

        var count = 0;
        for (var i = 0; i < letters.Length; i += cut[i])
        {
            keys[count++] = SyllableLookup[letters.Slice(i, cut[i])];
        }

        return count;
    }

    private static List<(string Key, string Value)> Lines(string name)
    {
        using var stream = typeof(CharacterData).Assembly.GetManifestResourceStream("matching/" + name)
            ?? throw new InvalidOperationException($"The embedded resource matching/{name} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = new List<(string, string)>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            lines.Add((line[..tab], line[(tab + 1)..]));
        }

        return lines;
    }
}
