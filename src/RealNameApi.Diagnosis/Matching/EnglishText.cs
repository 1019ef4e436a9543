using System.Collections.Frozen;

namespace RealNameApi.Diagnosis.Matching;

/// <summary>
/// English normalisation: words are split at anything but letters and digits, lower-cased,
/// stripped of stop words and of inflection ("failed", "fails", "failing" are one word), then
/// each becomes one character (a token id), so that the phrase index compares English word by
/// word just as it compares Chinese character by character.
/// </summary>
/// <remarks>
/// The stemmer is a few suffix rules of our own, not a library: the registry serves no English
/// stemmer for .NET, and prompts need inflection folded, not the whole of Porter's algorithm.
/// Word forms that differ beyond inflection (verify / verification) are vocabulary, in the catalog.
/// </remarks>
internal static class EnglishText
{
    /// <summary>The token of every word the index does not know.</summary>
    public const char UnknownToken = '\uE0FF';

    /// <summary>The first token id.</summary>
    public const char FirstToken = '\uE100';

    // Words that carry no failure: articles, pronouns, auxiliaries, prepositions, politeness.
    // "not" and "no" stay: they are the failure.
    private static readonly FrozenSet<string> StopWords = FrozenSet.ToFrozenSet(
    [
        "a", "an", "the", "is", "are", "was", "were", "be", "been", "being", "am", "to", "of", "in", "on", "at", "for",
        "with", "by", "or", "and", "please", "your", "you", "it", "its", "this", "that", "these", "those", "has", "have",
        "had", "whether", "from", "as", "into", "than", "then", "so", "if", "my", "i", "me", "we", "our", "us", "there",
        "do", "does", "did", "can", "could", "will", "would", "should", "shall", "may", "might", "must", "which", "who",
        "what", "when", "where", "how", "some", "any", "all", "also", "just", "only", "very", "too", "here", "hi", "hello",
        "kindly", "sorry", "thanks", "thank", "he", "she", "they", "them", "their", "his", "her", "t", "s", "ll", "ve", "re", "d", "m",
    ], StringComparer.Ordinal);

    /// <summary>Whether <paramref name="text"/> holds at least two Latin letters, enough to be worth an English reading.</summary>
    public static bool HasLatinWords(ReadOnlySpan<char> text)
    {
        var letters = 0;
        foreach (var c in text)
        {
            if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') && ++letters >= 2)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Writes the token string of <paramref name="text"/> into <paramref name="output"/> (at least
    /// as long as the text), mapping each stemmed word through <paramref name="tokens"/> (unknown
    /// words become <see cref="UnknownToken"/>), and returns it.
    /// </summary>
    public static ReadOnlySpan<char> Tokenize(ReadOnlySpan<char> text, FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> tokens, Span<char> output)
    {
        Span<char> word = stackalloc char[MaxWord];
        var length = 0;
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !char.IsAsciiLetterOrDigit(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && char.IsAsciiLetterOrDigit(text[i]))
            {
                i++;
            }

            if (i == start)
            {
                break;
            }

            // "doesn't" is "does" "not": the apostrophe has split it, and "n" ends the first part.
            var raw = text[start..i];
            var isNt = i + 1 < text.Length && text[i] is '\'' or '’' && (text[i + 1] is 't' or 'T') && raw.Length > 1 && (raw[^1] is 'n' or 'N');
            if (isNt)
            {
                raw = raw[..^1];
            }

            var stem = Stem(raw, word);
            if (!stem.IsEmpty && !StopWordsLookup.Contains(stem))
            {
                length = Append(output, length, tokens.TryGetValue(stem, out var token) ? token : null);
            }

            if (isNt)
            {
                length = Append(output, length, tokens.TryGetValue("not", out var not) ? not : null);
                i += 2;
            }
        }

        return output[..length];
    }

    // A word's tokens, as many as fit (a vocabulary word may stand for two or three).
    private static int Append(Span<char> output, int length, string? tokens)
    {
        if (tokens is null)
        {
            if (length < output.Length)
            {
                output[length++] = UnknownToken;
            }

            return length;
        }

        foreach (var t in tokens)
        {
            if (length < output.Length)
            {
                output[length++] = t;
            }
        }

        return length;
    }

    /// <summary>The stemmed words of <paramref name="text"/>, stop words removed, for load time.</summary>
    public static List<string> Words(string text)
    {
        var words = new List<string>();
        var buffer = new char[MaxWord];
        var cleaned = text.Replace("’", "'", StringComparison.Ordinal).Replace("n't", " not", StringComparison.OrdinalIgnoreCase);
        var separators = cleaned.Where(c => !char.IsAsciiLetterOrDigit(c)).Distinct().ToArray();
        foreach (var part in cleaned.Split(separators, StringSplitOptions.RemoveEmptyEntries))
        {
            var stem = Stem(part, buffer);
            if (!stem.IsEmpty && !StopWordsLookup.Contains(stem))
            {
                words.Add(new string(stem));
            }
        }

        return words;
    }

    private const int MaxWord = 32;

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> StopWordsLookup = StopWords.GetAlternateLookup<ReadOnlySpan<char>>();

    // Lower case, then one inflectional suffix off: -ies/-ied to -y, -es after a sibilant, -s,
    // -ed, -ing (a doubled final consonant undoubled), a final -e, British -is- as -iz-.
    private static ReadOnlySpan<char> Stem(ReadOnlySpan<char> raw, Span<char> buffer)
    {
        if (raw.IsEmpty || raw.Length > MaxWord)
        {
            return raw.Length > MaxWord ? raw[..0] : raw;
        }

        for (var k = 0; k < raw.Length; k++)
        {
            buffer[k] = char.ToLowerInvariant(raw[k]);
        }

        var w = buffer[..raw.Length];
        if (StopWordsLookup.Contains(w) || w.Length <= 3)
        {
            return w;
        }

        if (w.EndsWith("ies") || w.EndsWith("ied"))
        {
            w[^3] = 'y';
            w = w[..^2];
        }
        else if (w.EndsWith("sses") || w.EndsWith("ches") || w.EndsWith("shes") || w.EndsWith("xes") || w.EndsWith("zes"))
        {
            w = w[..^2];
        }
        else if (w.EndsWith("ing") && w.Length > 5)
        {
            w = Undouble(w[..^3]);
        }
        else if (w.EndsWith("ed") && w.Length > 4)
        {
            w = Undouble(w[..^2]);
        }
        else if (w[^1] == 's' && w[^2] is not ('s' or 'u' or 'i'))
        {
            w = w[..^1];
        }

        if (w.Length > 4 && w[^1] == 'e')
        {
            w = w[..^1];
        }

        if (w.Length > 4 && w[^1] == 'i')
        {
            w[^1] = 'y';
        }

        if (w.Length > 5 && w[^2] == 'i' && w[^1] == 's')
        {
            w[^1] = 'z';
        }

        return w;
    }

    private static Span<char> Undouble(Span<char> w) =>
        w.Length > 3 && w[^1] == w[^2] && w[^1] is not ('l' or 's' or 'z') && !"aeiou".Contains(w[^1]) ? w[..^1] : w;
}
