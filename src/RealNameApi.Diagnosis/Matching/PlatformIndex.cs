using System.Buffers;
using System.Collections.Frozen;
using System.Text.RegularExpressions;
using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Catalog;

namespace RealNameApi.Diagnosis.Matching;

/// <summary>
/// One platform's rules, indexed once at load so that scoring a message is a single pass over
/// its character bigrams plus a few array loops, with scratch space on the stack.
/// </summary>
/// <remarks>
/// Known messages and pattern keywords are "phrases", kept once each in normal form. An
/// inverted index maps every bigram (two adjacent characters) to the phrases holding it. One
/// pass over the message's bigrams counts, per phrase, how many of its distinct bigrams the
/// message has: that count gives the similarity, and a full count means the phrase may be
/// inside the message, which a substring search then confirms.
///
/// Similarity weighs each bigram by how few rules use it (an inverse document frequency): "认证"
/// and "失败" are in half the prompts and say little, "公安" or "二维" say a lot. So a generic
/// "认证失败" stays unknown while "人脸和公安网照片对不上" finds its rule.
/// </remarks>
internal sealed class PlatformIndex
{
    private const int StackLimit = 512;

    private readonly RuleDefinition[] _rules;
    private readonly Phrase[] _phrases;
    private readonly FrozenDictionary<int, int> _bigramIds;
    private readonly int[][] _postings;
    private readonly double[] _bigramWeights;
    private readonly double _unindexedWeight;
    private readonly Pattern[] _patterns;
    private readonly FrozenDictionary<string, int> _codes;

    public PlatformIndex(PlatformDefinition platform)
    {
        Platform = platform;
        _rules = [.. platform.Rules];
        var phrases = new List<Phrase>();
        var phraseIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var codes = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var patterns = new List<Pattern>();

        int PhraseId(string normal, int knownRule)
        {
            if (phraseIds.TryGetValue(normal, out var id))
            {
                if (knownRule >= 0)
                {
                    phrases[id] = phrases[id] with { KnownRule = knownRule };
                }

                return id;
            }

            phrases.Add(new Phrase(normal, DistinctBigrams(normal).Count, knownRule));
            phraseIds[normal] = phrases.Count - 1;
            return phrases.Count - 1;
        }

        for (var r = 0; r < _rules.Length; r++)
        {
            var rule = _rules[r];
            foreach (var message in rule.KnownMessages)
            {
                PhraseId(TextNormalizer.Normalize(message), r);
            }

            foreach (var code in rule.Codes)
            {
                codes[code] = r;
            }

            foreach (var pattern in rule.Patterns)
            {
                int[] keywords = [.. pattern.AllOf.Select(k => PhraseId(k, -1))];
                patterns.Add(new Pattern(r, keywords, pattern.AllOf.Sum(k => k.Length), pattern.Regex, pattern.Weight));
            }
        }

        var bigramIds = new Dictionary<int, int>();
        var postings = new List<List<int>>();
        for (var p = 0; p < phrases.Count; p++)
        {
            foreach (var bigram in DistinctBigrams(phrases[p].Text))
            {
                if (!bigramIds.TryGetValue(bigram, out var id))
                {
                    id = bigramIds[bigram] = postings.Count;
                    postings.Add([]);
                }

                postings[id].Add(p);
            }
        }

        // Document frequency: in how many rules' known messages a bigram occurs.
        var ruleSets = new HashSet<int>[postings.Count];
        for (var id = 0; id < postings.Count; id++)
        {
            ruleSets[id] = [.. postings[id].Select(p => phrases[p].KnownRule).Where(r => r >= 0)];
        }

        _unindexedWeight = Math.Log(1.0 + _rules.Length);
        _bigramWeights = [.. ruleSets.Select(r => r.Count == 0 ? _unindexedWeight : Math.Log(1.0 + ((double)_rules.Length / r.Count)))];
        for (var p = 0; p < phrases.Count; p++)
        {
            phrases[p] = phrases[p] with { Weight = DistinctBigrams(phrases[p].Text).Sum(b => _bigramWeights[bigramIds[b]]) };
        }

        _phrases = [.. phrases];
        _bigramIds = bigramIds.ToFrozenDictionary();
        _postings = [.. postings.Select(p => p.ToArray())];
        _patterns = [.. patterns];
        _codes = codes.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    public PlatformDefinition Platform { get; }

    /// <summary>Scores every rule against the code and the message and picks the answer.</summary>
    public MatchResult Match(string? code, string? message)
    {
        var ruleCount = _rules.Length;
        Span<double> scores = stackalloc double[ruleCount];
        Span<MatchKind> kinds = stackalloc MatchKind[ruleCount];

        if (!string.IsNullOrWhiteSpace(code) && _codes.TryGetValue(code.Trim(), out var coded))
        {
            Offer(scores, kinds, coded, MatchScores.Certain, MatchKind.Code);
        }

        if (!string.IsNullOrEmpty(message))
        {
            char[]? rented = null;
            var buffer = message.Length <= StackLimit
                ? stackalloc char[StackLimit]
                : (rented = ArrayPool<char>.Shared.Rent(message.Length));
            try
            {
                ScoreMessage(TextNormalizer.Normalize(message, buffer), scores, kinds);
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<char>.Shared.Return(rented);
                }
            }
        }

        return Decide(scores, kinds);
    }

    private void ScoreMessage(ReadOnlySpan<char> m, Span<double> scores, Span<MatchKind> kinds)
    {
        if (m.Length < 2)
        {
            return;
        }

        // Count, per phrase, the distinct bigrams of the message it holds, and their weight.
        // Bigrams no phrase holds only matter for the size of the message's bigram set.
        Span<int> counts = stackalloc int[_phrases.Length];
        Span<double> common = stackalloc double[_phrases.Length];
        Span<ulong> seen = stackalloc ulong[(_postings.Length + 63) >> 6];
        var distinctIndexed = 0;
        var unindexed = 0;
        var messageWeight = 0.0;
        for (var i = 0; i + 1 < m.Length; i++)
        {
            if (!_bigramIds.TryGetValue((m[i] << 16) | m[i + 1], out var id))
            {
                unindexed++;
                continue;
            }

            ref var word = ref seen[id >> 6];
            var bit = 1UL << (id & 63);
            if ((word & bit) != 0)
            {
                continue;
            }

            word |= bit;
            distinctIndexed++;
            var weight = _bigramWeights[id];
            messageWeight += weight;
            foreach (var p in _postings[id])
            {
                counts[p]++;
                common[p] += weight;
            }
        }

        // Repeated unindexed bigrams are counted each time: rare in real messages, and it only
        // makes a long unrelated message look a little less similar.
        messageWeight += unindexed * _unindexedWeight;
        Span<int> fragmentRules = stackalloc int[_phrases.Length];
        Span<double> fragmentScores = stackalloc double[_phrases.Length];
        var fragments = 0;
        for (var p = 0; p < _phrases.Length; p++)
        {
            var phrase = _phrases[p];
            if (phrase.KnownRule < 0 || counts[p] == 0)
            {
                continue;
            }

            var text = phrase.Text.AsSpan();
            if (counts[p] == phrase.BigramCount && m.Length >= text.Length && m.Contains(text, StringComparison.Ordinal))
            {
                if (m.Length == text.Length)
                {
                    Offer(scores, kinds, phrase.KnownRule, MatchScores.Certain, MatchKind.Exact);
                }
                else
                {
                    var covered = (double)text.Length / m.Length;
                    Offer(scores, kinds, phrase.KnownRule, MatchScores.ContainsBase + (MatchScores.ContainsSpan * covered), MatchKind.Contains);
                }

                continue;
            }

            if (unindexed == 0 && counts[p] == distinctIndexed && m.Length >= MatchScores.MinFragmentLength
                && m.Length < text.Length && text.Contains(m, StringComparison.Ordinal))
            {
                var share = common[p] / phrase.Weight;
                fragmentRules[fragments] = phrase.KnownRule;
                fragmentScores[fragments++] = MatchScores.FragmentBase + (MatchScores.FragmentSpan * share);
            }

            var dice = 2.0 * common[p] / (messageWeight + phrase.Weight);
            Offer(scores, kinds, phrase.KnownRule, MatchScores.FuzzyScale * dice, MatchKind.Fuzzy);
        }

        OfferFragments(fragmentRules[..fragments], fragmentScores[..fragments], scores, kinds);

        foreach (var pattern in _patterns)
        {
            if (pattern.Regex is { } regex)
            {
                if (regex.IsMatch(m))
                {
                    Offer(scores, kinds, pattern.Rule, pattern.Weight, MatchKind.Contains);
                }

                continue;
            }

            if (AllPresent(pattern.Keywords, m, counts))
            {
                var covered = Math.Min(1.0, (double)pattern.KeywordLength / m.Length);
                var score = pattern.Weight - (MatchScores.KeywordCoverageSpan * (1 - covered));
                Offer(scores, kinds, pattern.Rule, score, MatchKind.Contains);
            }
        }
    }

    // A fragment found in the known messages of several rules says less about each of them.
    private static void OfferFragments(Span<int> rules, Span<double> fragmentScores, Span<double> scores, Span<MatchKind> kinds)
    {
        var distinct = 0;
        for (var i = 0; i < rules.Length; i++)
        {
            if (rules[..i].IndexOf(rules[i]) < 0)
            {
                distinct++;
            }
        }

        var penalty = MatchScores.SharedFragmentPenalty * Math.Max(0, distinct - 1);
        for (var i = 0; i < rules.Length; i++)
        {
            Offer(scores, kinds, rules[i], fragmentScores[i] - penalty, MatchKind.Contains);
        }
    }

    private bool AllPresent(int[] keywords, ReadOnlySpan<char> m, Span<int> counts)
    {
        foreach (var k in keywords)
        {
            // The bigram count rules most keywords out before any substring search.
            if (counts[k] != _phrases[k].BigramCount || !m.Contains(_phrases[k].Text, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return keywords.Length > 0;
    }

    private MatchResult Decide(Span<double> scores, Span<MatchKind> kinds)
    {
        // The best few rules by score; ties go to the stronger kind of evidence, then rule order.
        Span<int> top = stackalloc int[MatchScores.MaxAlternatives + 1];
        var found = 0;
        for (var r = 0; r < scores.Length; r++)
        {
            if (scores[r] <= 0)
            {
                continue;
            }

            var at = found;
            while (at > 0 && Better(r, top[at - 1], scores, kinds))
            {
                at--;
            }

            if (at >= top.Length)
            {
                continue;
            }

            for (var j = Math.Min(found, top.Length - 1); j > at; j--)
            {
                top[j] = top[j - 1];
            }

            top[at] = r;
            found = Math.Min(found + 1, top.Length);
        }

        if (found == 0)
        {
            return new MatchResult(null, 0, MatchKind.None, []);
        }

        var best = scores[top[0]];
        var runnerUp = found > 1 ? scores[top[1]] : 0;
        var confidence = Math.Clamp(best - (0.5 * Math.Max(0, runnerUp - (best - MatchScores.AmbiguityMargin))), 0, 1);
        var known = confidence >= Platform.MatchThreshold;

        // For a known message the alternatives are the runners-up; for an unknown one, every candidate.
        var first = known ? 1 : 0;
        var count = 0;
        for (var i = first; i < found && scores[top[i]] >= MatchScores.AlternativeFloor && count < MatchScores.MaxAlternatives; i++)
        {
            count++;
        }

        var alternatives = count == 0 ? [] : new RuleMatch[count];
        for (var i = 0; i < count; i++)
        {
            var r = top[first + i];
            alternatives[i] = new RuleMatch(_rules[r], Math.Min(scores[r], confidence), kinds[r]);
        }

        return known
            ? new MatchResult(_rules[top[0]], confidence, kinds[top[0]], alternatives)
            : new MatchResult(null, confidence, MatchKind.None, alternatives);
    }

    private static bool Better(int a, int b, Span<double> scores, Span<MatchKind> kinds) =>
        scores[a] > scores[b] || (scores[a] == scores[b] && Strength(kinds[a]) > Strength(kinds[b]));

    private static int Strength(MatchKind kind) => kind switch
    {
        MatchKind.Code => 3,
        MatchKind.Exact => 2,
        MatchKind.Contains => 1,
        _ => 0,
    };

    private static void Offer(Span<double> scores, Span<MatchKind> kinds, int rule, double score, MatchKind kind)
    {
        if (score > scores[rule] || (score == scores[rule] && Strength(kind) > Strength(kinds[rule])))
        {
            scores[rule] = score;
            kinds[rule] = kind;
        }
    }

    private static HashSet<int> DistinctBigrams(string text)
    {
        var bigrams = new HashSet<int>();
        for (var i = 0; i + 1 < text.Length; i++)
        {
            bigrams.Add((text[i] << 16) | text[i + 1]);
        }

        return bigrams;
    }

    // A known message (KnownRule >= 0) or a pattern keyword (KnownRule < 0), in normal form.
    private readonly record struct Phrase(string Text, int BigramCount, int KnownRule)
    {
        public double Weight { get; init; }
    }

    private sealed record Pattern(int Rule, int[] Keywords, int KeywordLength, Regex? Regex, double Weight);
}
