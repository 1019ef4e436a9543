using System.Collections.Frozen;

namespace RealNameApi.Diagnosis.Matching;

/// <summary>
/// Rewrites the words of a platform's vocabulary groups to the first word of their group, in a
/// normal-form text: users say 刷脸, 人脸识别 or 面部 where the prompt says 人脸, and the matcher
/// then compares one word. Longest word first at each position, left to right, in one pass.
/// </summary>
internal sealed class VocabularyRewriter
{
    private readonly FrozenDictionary<char, (string Word, string Canonical)[]> _byFirst;

    // One bit per character that starts a word: most characters of a message start none, and
    // the bit rules them out without a dictionary lookup.
    private readonly ulong[] _starts = new ulong[(char.MaxValue + 1) / 64];

    /// <param name="groups">Word groups in the form the texts are compared in, canonical word first.</param>
    public VocabularyRewriter(IEnumerable<IReadOnlyList<string>> groups)
    {
        var pairs = new List<(string Word, string Canonical)>();
        foreach (var group in groups)
        {
            // The canonical word stands for itself, so a shorter word inside it (大鱼 in 大鱼号) never rewrites it.
            pairs.Add((group[0], group[0]));
            foreach (var word in group.Skip(1))
            {
                if (word.Length > 0 && word != group[0])
                {
                    pairs.Add((word, group[0]));
                }
            }
        }

        pairs = [.. pairs.DistinctBy(p => p.Word)];
        _byFirst = pairs.GroupBy(p => p.Word[0])
            .ToFrozenDictionary(g => g.Key, g => g.OrderByDescending(p => p.Word.Length).ThenBy(p => p.Word, StringComparer.Ordinal).ToArray());
        foreach (var first in _byFirst.Keys)
        {
            _starts[first >> 6] |= 1UL << (first & 63);
        }

        MaxGrowth = pairs.Count == 0 ? 1 : Math.Max(1, pairs.Max(p => (p.Canonical.Length + p.Word.Length - 1) / p.Word.Length));
    }

    /// <summary>Whether there is anything to rewrite.</summary>
    public bool IsEmpty => _byFirst.Count == 0;

    /// <summary>How many times longer than its input a rewritten text can be.</summary>
    public int MaxGrowth { get; }

    /// <summary>Rewrites <paramref name="text"/> into <paramref name="output"/> (at least <see cref="MaxGrowth"/> times as long) and returns the result.</summary>
    public ReadOnlySpan<char> Rewrite(ReadOnlySpan<char> text, Span<char> output)
    {
        var length = 0;
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if ((_starts[c >> 6] & (1UL << (c & 63))) != 0 && _byFirst.TryGetValue(c, out var candidates))
            {
                var replaced = false;
                foreach (var (word, canonical) in candidates)
                {
                    // The second character rules most candidates out before a comparison.
                    if (word.Length <= text.Length - i && (word.Length < 2 || word[1] == text[i + 1])
                        && text[i..].StartsWith(word, StringComparison.Ordinal))
                    {
                        canonical.AsSpan().CopyTo(output[length..]);
                        length += canonical.Length;
                        i += word.Length;
                        replaced = true;
                        break;
                    }
                }

                if (replaced)
                {
                    continue;
                }
            }

            output[length++] = text[i++];
        }

        return output[..length];
    }

    /// <summary>The rewritten form as a new string, for load time.</summary>
    public string Rewrite(string text)
    {
        var output = new char[(text.Length * MaxGrowth) + 1];
        return new string(Rewrite(text.AsSpan(), output));
    }
}
