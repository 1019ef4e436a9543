using System.Text;

namespace RealNameApi.Diagnosis.Matching;

/// <summary>
/// The character data of the matcher, generated from maintained sources (see Matching/Data):
/// traditional and variant characters folded to simplified ones and Taiwan words to mainland
/// ones (OpenCC), and each common character's Mandarin syllable (Unihan kMandarin).
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
    private static readonly char[] Keys = LoadKeys();

    /// <summary>
    /// Taiwan words and the mainland words for them (资讯 and 信息, 联络 and 联系), in simplified
    /// characters; the mainland word is never the longer (OpenCC's TWPhrasesRev).
    /// </summary>
    public static IReadOnlyList<(string Taiwan, string Mainland)> TaiwanPhrases() => Lines("taiwan-phrases.txt");

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

        return table;
    }

    private static char[] LoadKeys()
    {
        var table = new char[char.MaxValue + 1];
        var keys = new Dictionary<string, char>(StringComparer.Ordinal);
        foreach (var (syllable, characters) in Lines("mandarin-readings.txt"))
        {
            var fuzzy = FuzzySyllable(syllable);
            if (!keys.TryGetValue(fuzzy, out var key))
            {
                key = keys[fuzzy] = (char)(FirstKey + keys.Count);
            }

            foreach (var c in characters)
            {
                table[c] = key;
            }
        }

        return table;
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
