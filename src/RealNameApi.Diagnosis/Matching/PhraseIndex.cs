using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using RealNameApi.Contracts.V1;

namespace RealNameApi.Diagnosis.Matching;

/// <summary>
/// The phrases of one platform in one comparable form (characters, phonetic keys or English
/// tokens), indexed once at load so that scoring a message is a single pass over its grams plus
/// a few array loops, with scratch space on the stack.
/// </summary>
/// <remarks>
/// Phrases are known messages and paraphrases of a rule, and the keywords of its keyword sets.
/// An inverted index maps every gram (two adjacent characters; for English also each single
/// token instead: a word already says a lot, and English word order varies) to the phrases holding it. One pass over the
/// message's grams counts, per phrase, how many of its distinct grams the message has: that
/// count gives the similarity, and a full count means the phrase may be inside the message,
/// which a substring search then confirms.
///
/// Similarity weighs each gram by how few rules use it (an inverse document frequency): "认证"
/// and "失败" are in half the prompts and say little, "公安" or "二维" say a lot. So a generic
/// "认证失败" stays unknown while "人脸和公安网照片对不上" finds its rule.
/// </remarks>
internal sealed class PhraseIndex
{
    /// <summary>A phrase to index: its text in the index's form, its rule, and whether it is the prompt itself.</summary>
    public readonly record struct Entry(string Text, int Rule, bool IsKnownMessage);

    /// <summary>A keyword set of a rule, its keywords in the index's form.</summary>
    public readonly record struct KeywordSet(int Rule, IReadOnlyList<string> Keywords, double Weight);

    private readonly Phrase[] _phrases;
    private readonly FrozenDictionary<int, int> _gramIds;
    private readonly int[][] _postings;
    private readonly double[] _gramWeights;
    private readonly double _unindexedWeight;
    private readonly Keywords[] _keywordSets;

    // Per keyword set, its first keyword's phrase id (-1 for none); per phrase, its GramCount:
    // flat, so most sets are ruled out in a tight loop (see Score).
    private readonly int[] _firstKeywords;
    private readonly int[] _gramCounts;
    private readonly bool _unigrams;
    private readonly bool _bigrams;
    private readonly int _minFragment;

    /// <param name="ruleCount">The platform's number of rules.</param>
    /// <param name="entries">The phrases.</param>
    /// <param name="keywordSets">The keyword sets.</param>
    /// <param name="unigrams">Whether single characters are the grams (for English tokens, each a word) rather than pairs.</param>
    /// <param name="minFragment">How long a message must be to count as a fragment of a phrase.</param>
    public PhraseIndex(int ruleCount, IEnumerable<Entry> entries, IEnumerable<KeywordSet> keywordSets, bool unigrams, int minFragment)
    {
        _unigrams = unigrams;
        _bigrams = !unigrams;
        _minFragment = minFragment;
        var phrases = new List<Phrase>();
        var phraseIds = new Dictionary<string, int>(StringComparer.Ordinal);

        int PhraseId(string text, int rule, bool known)
        {
            if (phraseIds.TryGetValue(text, out var id))
            {
                // A text both a known message and a keyword, or a paraphrase of one: the stronger role wins.
                if (rule >= 0 && (phrases[id].Rule < 0 || (known && !phrases[id].IsKnownMessage)))
                {
                    phrases[id] = phrases[id] with { Rule = rule, IsKnownMessage = known };
                }

                return id;
            }

            phrases.Add(new Phrase(text, Grams(text).Count, rule, known));
            phraseIds[text] = phrases.Count - 1;
            return phrases.Count - 1;
        }

        foreach (var entry in entries)
        {
            if (entry.Text.Length > 0)
            {
                PhraseId(entry.Text, entry.Rule, entry.IsKnownMessage);
            }
        }

        var sets = new List<Keywords>();
        foreach (var set in keywordSets)
        {
            int[] ids = [.. set.Keywords.Select(k => PhraseId(k, -1, false))];
            sets.Add(new Keywords(set.Rule, ids, set.Keywords.Sum(k => k.Length), set.Weight));
        }

        var gramIds = new Dictionary<int, int>();
        var postings = new List<List<int>>();
        for (var p = 0; p < phrases.Count; p++)
        {
            foreach (var gram in Grams(phrases[p].Text))
            {
                if (!gramIds.TryGetValue(gram, out var id))
                {
                    id = gramIds[gram] = postings.Count;
                    postings.Add([]);
                }

                postings[id].Add(p);
            }
        }

        // Document frequency: in how many rules' phrases a gram occurs.
        _unindexedWeight = Math.Log(1.0 + ruleCount);
        _gramWeights = new double[postings.Count];
        for (var id = 0; id < postings.Count; id++)
        {
            var rules = postings[id].Select(p => phrases[p].Rule).Where(r => r >= 0).Distinct().Count();
            _gramWeights[id] = rules == 0 ? _unindexedWeight : Math.Log(1.0 + ((double)ruleCount / rules));
        }

        for (var p = 0; p < phrases.Count; p++)
        {
            phrases[p] = phrases[p] with { Weight = Grams(phrases[p].Text).Sum(g => _gramWeights[gramIds[g]]) };
        }

        _phrases = [.. phrases];
        _gramIds = gramIds.ToFrozenDictionary();
        _postings = [.. postings.Select(p => p.ToArray())];
        _keywordSets = [.. sets];
        _firstKeywords = [.. sets.Select(k => k.Ids.Length == 0 ? -1 : k.Ids[0])];
        _gramCounts = [.. _phrases.Select(p => p.GramCount)];
    }

    /// <summary>
    /// Scores every rule against <paramref name="m"/>, offering each score times
    /// <paramref name="factor"/>; with <paramref name="fuzzyOnly"/>, every match counts as fuzzy
    /// (the message was read loosely, so nothing in it is exact).
    /// </summary>
    [SkipLocalsInit]
    public void Score(ReadOnlySpan<char> m, Span<double> scores, Span<MatchKind> kinds, double factor, bool fuzzyOnly)
    {
        if (m.Length < (_unigrams ? 1 : 2))
        {
            return;
        }

        // SkipLocalsInit: what must start at zero is cleared here; the fragment lists below are
        // written before they are read (clearing them was half of all the clearing).
        Span<int> counts = stackalloc int[_phrases.Length];
        Span<double> common = stackalloc double[_phrases.Length];
        Span<ulong> seen = stackalloc ulong[(_postings.Length + 63) >> 6];
        counts.Clear();
        common.Clear();
        seen.Clear();
        var distinctIndexed = 0;
        var unindexed = 0;
        var messageWeight = 0.0;
        for (var i = 0; i < m.Length; i++)
        {
            if (_unigrams)
            {
                Count(m[i], ref distinctIndexed, ref unindexed, ref messageWeight, counts, common, seen);
            }

            if (_bigrams && i + 1 < m.Length)
            {
                Count((m[i] << 16) | m[i + 1], ref distinctIndexed, ref unindexed, ref messageWeight, counts, common, seen);
            }
        }

        // Repeated unindexed grams are counted each time: rare in real messages, and it only
        // makes a long unrelated message look a little less similar.
        messageWeight += unindexed * _unindexedWeight;
        Span<int> fragmentRules = stackalloc int[_phrases.Length];
        Span<double> fragmentScores = stackalloc double[_phrases.Length];
        var fragments = 0;
        for (var p = 0; p < _phrases.Length; p++)
        {
            // Most phrases share no gram with the message: the count rules them out before the
            // phrase itself is read.
            if (counts[p] == 0)
            {
                continue;
            }

            ref readonly var phrase = ref _phrases[p];
            if (phrase.Rule < 0)
            {
                continue;
            }

            // A paraphrase is a retelling: even the whole of it is a little less than the prompt.
            var own = phrase.IsKnownMessage ? 1.0 : MatchScores.ParaphraseFactor;
            var text = phrase.Text.AsSpan();
            if (counts[p] == phrase.GramCount && m.Length >= text.Length && m.Contains(text, StringComparison.Ordinal))
            {
                if (m.Length == text.Length)
                {
                    Offer(scores, kinds, phrase.Rule, factor * own * MatchScores.Certain, fuzzyOnly ? MatchKind.Fuzzy : phrase.IsKnownMessage ? MatchKind.Exact : MatchKind.Contains);
                }
                else
                {
                    var covered = (double)text.Length / m.Length;
                    Offer(scores, kinds, phrase.Rule, factor * own * (MatchScores.ContainsBase + (MatchScores.ContainsSpan * covered)), fuzzyOnly ? MatchKind.Fuzzy : MatchKind.Contains);
                }

                continue;
            }

            if (unindexed == 0 && counts[p] == distinctIndexed && m.Length >= _minFragment
                && m.Length < text.Length && text.Contains(m, StringComparison.Ordinal))
            {
                var share = common[p] / phrase.Weight;
                fragmentRules[fragments] = phrase.Rule;
                fragmentScores[fragments++] = factor * own * (MatchScores.FragmentBase + (MatchScores.FragmentSpan * share));
            }

            var dice = 2.0 * common[p] / (messageWeight + phrase.Weight);
            // Dice counts what the message says besides the phrase against it; a user who retells
            // the prompt inside a longer story still holds most of the phrase's (weighted) pairs.
            // Not a short English phrase: its few common words are in many a longer message.
            var contained = _unigrams && phrase.GramCount < MatchScores.MinContainedEnglishWords
                ? 0
                : MatchScores.ContainedScale * common[p] / phrase.Weight;
            Offer(scores, kinds, phrase.Rule, factor * own * MatchScores.FuzzyScale * Math.Max(dice, contained), MatchKind.Fuzzy);
        }

        // A prompt cut off where the text ends ("实名认证结果:验证失败,请确保是账"): a fragment of the
        // phrase, its beginning, whatever came before it. Only a phrase that holds the text's last
        // pair can begin with what ends the text.
        if (_bigrams && m.Length > _minFragment && _gramIds.TryGetValue((m[^2] << 16) | m[^1], out var lastGram))
        {
            foreach (var p in _postings[lastGram])
            {
                ref readonly var phrase = ref _phrases[p];
                if (phrase.Rule >= 0 && fragments < fragmentRules.Length && CutBeginning(m, phrase.Text) is var cut and > 0 && cut < m.Length)
                {
                    var own = phrase.IsKnownMessage ? 1.0 : MatchScores.ParaphraseFactor;
                    fragmentRules[fragments] = phrase.Rule;
                    fragmentScores[fragments++] = factor * own * (MatchScores.FragmentBase + (MatchScores.FragmentSpan * BeginningWeight(phrase.Text, cut) / phrase.Weight));
                }
            }
        }

        OfferFragments(fragmentRules[..fragments], fragmentScores[..fragments], scores, kinds, fuzzyOnly);

        // Keywords recur across a rule's sets (人脸 and 公安, 刷脸 and 公安): each is searched for once.
        Span<byte> present = stackalloc byte[_keywordSets.Length == 0 ? 0 : _phrases.Length];
        present.Clear();
        for (var s = 0; s < _keywordSets.Length; s++)
        {
            // A set fires only when its first keyword's pairs are all in the message.
            var first = _firstKeywords[s];
            if (first < 0 || counts[first] != _gramCounts[first])
            {
                continue;
            }

            var set = _keywordSets[s];
            if (AllPresent(set.Ids, m, counts, present))
            {
                var covered = Math.Min(1.0, (double)set.Length / m.Length);
                var score = set.Weight - (MatchScores.KeywordCoverageSpan * (1 - covered));
                Offer(scores, kinds, set.Rule, factor * score, fuzzyOnly ? MatchKind.Fuzzy : MatchKind.Contains);
            }
        }
    }

    /// <summary>Offers <paramref name="score"/> for <paramref name="rule"/>, kept when it beats the rule's best so far.</summary>
    public static void Offer(Span<double> scores, Span<MatchKind> kinds, int rule, double score, MatchKind kind)
    {
        if (score > scores[rule] || (score == scores[rule] && Strength(kind) > Strength(kinds[rule])))
        {
            scores[rule] = score;
            kinds[rule] = kind;
        }
    }

    /// <summary>How strong a kind of evidence is, for ties.</summary>
    public static int Strength(MatchKind kind) => kind switch
    {
        MatchKind.Code => 3,
        MatchKind.Exact => 2,
        MatchKind.Contains => 1,
        _ => 0,
    };

    // Once per gram of the message: inlined, as it was when this loop body was written in place.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Count(int gram, ref int distinctIndexed, ref int unindexed, ref double messageWeight, Span<int> counts, Span<double> common, Span<ulong> seen)
    {
        if (!_gramIds.TryGetValue(gram, out var id))
        {
            unindexed++;
            return;
        }

        ref var word = ref seen[id >> 6];
        var bit = 1UL << (id & 63);
        if ((word & bit) != 0)
        {
            return;
        }

        word |= bit;
        distinctIndexed++;
        var weight = _gramWeights[id];
        messageWeight += weight;
        foreach (var p in _postings[id])
        {
            counts[p]++;
            common[p] += weight;
        }
    }

    // How long a beginning of `text` the message ends with: at least half the phrase (and
    // MinFragmentLength), less than all of it; 0 for none.
    private int CutBeginning(ReadOnlySpan<char> m, ReadOnlySpan<char> text)
    {
        var shortest = Math.Max(_minFragment, (text.Length + 1) / 2);
        var last = m[^1];
        for (var length = Math.Min(text.Length - 1, m.Length); length >= shortest; length--)
        {
            if (text[length - 1] == last && m.EndsWith(text[..length], StringComparison.Ordinal))
            {
                return length;
            }
        }

        return 0;
    }

    // The weight of the distinct grams of the phrase's first `length` characters.
    private double BeginningWeight(ReadOnlySpan<char> text, int length)
    {
        var weight = 0.0;
        for (var i = 0; i + 1 < length; i++)
        {
            var gram = (text[i] << 16) | text[i + 1];
            if (!ContainsGram(text[..(i + 1)], gram) && _gramIds.TryGetValue(gram, out var id))
            {
                weight += _gramWeights[id];
            }
        }

        return weight;
    }

    // Whether the gram occurs in `text` (as a pair of adjacent characters).
    private static bool ContainsGram(ReadOnlySpan<char> text, int gram)
    {
        for (var i = 0; i + 1 < text.Length; i++)
        {
            if (((text[i] << 16) | text[i + 1]) == gram)
            {
                return true;
            }
        }

        return false;
    }

    // A fragment found in the phrases of several rules says less about each of them.
    private static void OfferFragments(Span<int> rules, Span<double> fragmentScores, Span<double> scores, Span<MatchKind> kinds, bool fuzzyOnly)
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
            Offer(scores, kinds, rules[i], fragmentScores[i] - penalty, fuzzyOnly ? MatchKind.Fuzzy : MatchKind.Contains);
        }
    }

    // `present` remembers, per keyword, whether the message holds it: 0 not yet known, else Yes or No.
    private bool AllPresent(int[] keywords, ReadOnlySpan<char> m, Span<int> counts, Span<byte> present)
    {
        foreach (var k in keywords)
        {
            // The gram count rules most keywords out before any substring search.
            if (counts[k] != _phrases[k].GramCount)
            {
                return false;
            }

            if (present[k] == 0)
            {
                // A two-character keyword is its one pair: counted, it is in the message.
                var text = _phrases[k].Text;
                present[k] = (_bigrams && text.Length == 2) || m.Contains(text, StringComparison.Ordinal) ? Yes : No;
            }

            if (present[k] == No)
            {
                return false;
            }
        }

        return keywords.Length > 0;
    }

    private const byte Yes = 1;
    private const byte No = 2;

    private HashSet<int> Grams(string text)
    {
        var grams = new HashSet<int>();
        for (var i = 0; i < text.Length; i++)
        {
            if (_unigrams)
            {
                grams.Add(text[i]);
            }

            if (_bigrams && i + 1 < text.Length)
            {
                grams.Add((text[i] << 16) | text[i + 1]);
            }
        }

        return grams;
    }

    // A known message or paraphrase (Rule >= 0) or a keyword (Rule < 0).
    private readonly record struct Phrase(string Text, int GramCount, int Rule, bool IsKnownMessage)
    {
        public double Weight { get; init; }
    }

    private sealed record Keywords(int Rule, int[] Ids, int Length, double Weight);
}
