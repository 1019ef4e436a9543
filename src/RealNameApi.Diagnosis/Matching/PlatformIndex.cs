using System.Buffers;
using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;
using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Catalog;

namespace RealNameApi.Diagnosis.Matching;

/// <summary>
/// One platform's rules, read three ways, each a <see cref="PhraseIndex"/>: as written (the
/// normal form with the platform's vocabulary applied), by sound (each character replaced by its
/// phonetic key, so a homophone typed by mistake still matches), and as English words. A message
/// is scored as written first; when that found no more than keywords, by sound (when it has
/// Chinese characters) and as English (when it has Latin words). Each rule keeps its best
/// score; the reading by sound counts a little less than the written one, so that
/// near-neighbour rules stay apart.
/// </summary>
internal sealed class PlatformIndex
{
    private const int StackLimit = 1024;

    private const char AnswerKeySeparator = '\uFFFF';

    // The words of every failure ("verification failed"), which alone name no rule: read as
    // English, their few words weigh much, since few English prompts use them, and matched a
    // prompt that holds them confidently; "验证失败" reads as no rule.
    private static readonly string[] GenericEnglishWords = ["verify", "verification", "authenticate", "authentication", "fail", "failed", "error", "real", "name"];

    // The words of a verification (or of its rejection: 备案被驳回) that, just after another
    // service's name, make a message about that service's verification; and how many characters
    // may come between ("腾讯云域名实名"; "GoDaddy domain verification", read without spaces).
    // The service as the one that speaks ("Namecheap says") only right after its name: "scanned
    // with WeChat and it says" is this platform's failure.
    private static readonly string[] VerificationWords = ["实名", "认证", "验证", "审核", "核验", "比对", "驳回", "被拒", "verif", "kyc", "realname", "authen", "rejected"];
    private static readonly string[] SpeakingWords = ["says", "said", "told"];
    private const int OtherServiceGap = 4;
    private const int LatinOtherServiceGap = 10;

    // Words of a verification and its papers: a message naming another product and none of
    // these is about that product (see NamesOtherProductOnly).
    private static readonly SearchValues<string> VerificationSubjectWords = SearchValues.Create(["实名", "认证", "验证", "审核", "证件", "身份证", "verif", "realname"], StringComparison.Ordinal);

    // Where a known message's clauses end: Chinese and Latin sentence and clause punctuation.
    private static readonly char[] ClauseBreaks = ['。', ',', ';', '!', '?', ',', ';', '!', '?', '.', ':', ':'];

    private readonly RuleDefinition[] _rules;
    private readonly VocabularyRewriter _vocabulary;
    private readonly VocabularyRewriter _phoneticVocabulary;
    private readonly PhraseIndex _written;
    private readonly PhraseIndex _sound;
    private readonly PhraseIndex _english;
    private readonly FrozenDictionary<string, string> _tokens;
    private readonly FrozenSet<char> _genericTokens;
    private readonly SearchValues<string>? _otherServices;
    private readonly string[] _otherServiceNames;
    private readonly SearchValues<string>? _otherProducts;
    private readonly string[] _otherProductWords;
    private readonly (int Rule, Regex Regex, double Weight, bool Latin)[] _regexes;
    private readonly FrozenDictionary<string, int> _codes;

    // The answer for each text of the catalog (known messages and paraphrases, Chinese and
    // English), by its key (see AnswerKey). Prompts are mostly pasted as the platform shows them,
    // and such a message has one answer whatever else the request holds, so it is computed once
    // here, by the same scoring, instead of on every request. Shared: MatchResult is immutable.
    private readonly FrozenDictionary<string, MatchResult> _catalogAnswers = FrozenDictionary<string, MatchResult>.Empty;
    private readonly FrozenDictionary<string, MatchResult>.AlternateLookup<ReadOnlySpan<char>> _catalogAnswersByKey;

    public PlatformIndex(PlatformDefinition platform)
    {
        Platform = platform;
        _rules = [.. platform.Rules];
        var chinese = platform.Vocabulary.Where(g => !EnglishText.HasLatinWords(g[0])).ToList();
        var english = platform.Vocabulary.Where(g => EnglishText.HasLatinWords(g[0])).ToList();
        _vocabulary = new VocabularyRewriter(chinese.Select(g => g.Select(TextNormalizer.Normalize).ToList()));
        // By sound, a word of a group is its own sound (so a homophone typed for it is found),
        // rewritten to the sound of the group's first word: 不批配 sounds like 不匹配, read as 不一致.
        // The first word is the canonical's sound written out, as the catalog's texts are keyed.
        _phoneticVocabulary = new VocabularyRewriter(chinese.Select(g =>
            g.Take(1).Select(w => Phonetic(_vocabulary.Rewrite(TextNormalizer.Normalize(w))))
                .Concat(g.Skip(1).Select(w => Phonetic(TextNormalizer.Normalize(w))))
                .ToList()));

        var written = new List<PhraseIndex.Entry>();
        var englishEntries = new List<(List<string> Words, int Rule, bool Known)>();
        var keywordSets = new List<PhraseIndex.KeywordSet>();
        var regexes = new List<(int, Regex, double, bool)>();
        var codes = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var r = 0; r < _rules.Length; r++)
        {
            var rule = _rules[r];
            written.AddRange(rule.KnownMessages.Select(m => new PhraseIndex.Entry(Written(m), r, true)));
            written.AddRange(rule.Paraphrases.Select(m => new PhraseIndex.Entry(Written(m), r, false)));
            englishEntries.AddRange(rule.EnglishMessages.Select(m => (EnglishText.Words(m), r, true)));
            englishEntries.AddRange(rule.EnglishParaphrases.Select(m => (EnglishText.Words(m), r, false)));
            foreach (var code in rule.Codes)
            {
                codes[code] = r;
            }

            foreach (var pattern in rule.Patterns)
            {
                if (pattern.Regex is { } regex)
                {
                    // A pattern written wholly in ASCII matches English words, which a message
                    // without Latin words cannot hold: it is not tried on one.
                    regexes.Add((r, regex, pattern.Weight, Ascii.IsValid(regex.ToString())));
                }
                else
                {
                    keywordSets.Add(new PhraseIndex.KeywordSet(r, [.. pattern.AllOf.Select(k => _vocabulary.Rewrite(k))], pattern.Weight));
                }
            }
        }

        written.AddRange(OwnClauses(_rules, r => r.KnownMessages, Written, text => text.Length, MatchScores.MinClauseLength)
            .Select(c => new PhraseIndex.Entry(c.Text, c.Rule, false)));
        // An English clause is read as its words between spaces, so that one is found in another
        // only as whole words.
        englishEntries.AddRange(OwnClauses(_rules, r => r.EnglishMessages, m => $" {string.Join(' ', EnglishText.Words(m))} ", CountWords, MatchScores.MinEnglishClauseWords)
            .Select(c => (c.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList(), c.Rule, false)));

        _written = new PhraseIndex(_rules.Length, written, keywordSets, unigrams: false, MatchScores.MinFragmentLength);
        _sound = new PhraseIndex(
            _rules.Length,
            written.Select(e => e with { Text = Phonetic(e.Text) }),
            keywordSets.Where(k => k.Keywords.Sum(w => w.Length) >= MatchScores.MinSoundKeywordLength)
                .Select(k => k with { Keywords = [.. k.Keywords.Select(Phonetic)] }),
            unigrams: false,
            MatchScores.MinFragmentLength);

        // English words become tokens, one character each; a vocabulary word becomes the tokens
        // of its group's first entry, which may be several words ("inconsistent": "not match").
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        var next = 0;
        string Token(string word)
        {
            if (!tokens.TryGetValue(word, out var t))
            {
                t = tokens[word] = ((char)(EnglishText.FirstToken + next++)).ToString();
            }

            return t;
        }

        foreach (var group in english)
        {
            var canonical = string.Concat(EnglishText.Words(group[0]).Select(Token));
            foreach (var variant in group.Skip(1))
            {
                var words = EnglishText.Words(variant);
                if (words.Count == 1)
                {
                    tokens.TryAdd(words[0], canonical);
                }
            }
        }

        var englishIndexed = englishEntries.Select(e => new PhraseIndex.Entry(string.Concat(e.Words.Select(Token)), e.Rule, e.Known)).ToList();
        Token("not");
        _tokens = tokens.ToFrozenDictionary(StringComparer.Ordinal);
        var read = new char[64];
        _genericTokens = GenericEnglishWords.SelectMany(w => EnglishText.Tokenize(w, _tokens.GetAlternateLookup<ReadOnlySpan<char>>(), read).ToArray())
            .Where(t => t != EnglishText.UnknownToken).ToFrozenSet();
        _english = new PhraseIndex(_rules.Length, englishIndexed, [], unigrams: true, MatchScores.MinEnglishFragmentLength);
        _regexes = [.. regexes];
        _otherServiceNames = [.. platform.OtherServices.Select(Written).Distinct()];
        _otherServices = _otherServiceNames.Length == 0 ? null : SearchValues.Create(_otherServiceNames, StringComparison.Ordinal);
        // Names with Chinese characters are looked for in the normal form; names wholly in ASCII as
        // whole words of the text itself.
        string[] products = [.. platform.OtherProducts.Where(p => !Ascii.IsValid(p)).Select(Written).Distinct()];
        _otherProducts = products.Length == 0 ? null : SearchValues.Create(products, StringComparison.Ordinal);
        _otherProductWords = [.. platform.OtherProducts.Where(p => Ascii.IsValid(p)).Select(p => p.Trim().ToLowerInvariant()).Distinct()];
        _codes = codes.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

        // Last: the answers are the matcher's own, from the indexes above (with no answers yet).
        _catalogAnswersByKey = _catalogAnswers.GetAlternateLookup<ReadOnlySpan<char>>();
        var answers = new Dictionary<string, MatchResult>(StringComparer.Ordinal);
        foreach (var rule in _rules)
        {
            foreach (var text in rule.KnownMessages.Concat(rule.Paraphrases).Concat(rule.EnglishMessages).Concat(rule.EnglishParaphrases))
            {
                answers.TryAdd(AnswerKeyOf(text), Match(null, text));
            }
        }

        _catalogAnswers = answers.ToFrozenDictionary(StringComparer.Ordinal);
        _catalogAnswersByKey = _catalogAnswers.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public PlatformDefinition Platform { get; }

    /// <summary>
    /// Scores every rule against the code and the message (less what <see cref="IgnoredText"/>
    /// leaves out) and picks the answer; for a pasted support chat, the answer of the user's own
    /// turns when they name a rule (<see cref="ChatTurns"/>); for a text that tells attempts one
    /// after another, the answer of the last that names a rule by itself (<see cref="AttemptSequence"/>).
    /// </summary>
    public MatchResult Match(string? code, string? message)
    {
        if (!string.IsNullOrEmpty(message))
        {
            message = IgnoredText.Without(message);
            if (ChatTurns.WithoutAgentTurns(message) is { } own && Match(code, own) is { Rule: not null } answer)
            {
                return answer;
            }

            if (AttemptSequence.AfterSettled(message) is var rest and > 0 && HasWords(message.AsSpan(rest)))
            {
                return Match(code, message[rest..]);
            }

            Span<int> starts = stackalloc int[AttemptSequence.MaxLaterClauses];
            var later = AttemptSequence.LaterClauses(message, starts);
            for (var i = 0; i < later; i++)
            {
                var last = MatchWhole(code, message[starts[i]..]);
                if (last.Rule is not null)
                {
                    return last;
                }
            }
        }

        return MatchWhole(code, message);
    }

    private static bool HasWords(ReadOnlySpan<char> text)
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

    private MatchResult MatchWhole(string? code, string? message)
    {
        var ruleCount = _rules.Length;
        Span<double> scores = stackalloc double[ruleCount];
        Span<MatchKind> kinds = stackalloc MatchKind[ruleCount];

        var coded = false;
        if (!string.IsNullOrWhiteSpace(code) && _codes.TryGetValue(code.Trim(), out var codeRule))
        {
            PhraseIndex.Offer(scores, kinds, codeRule, MatchScores.Certain, MatchKind.Code);
            coded = true;
        }

        if (!string.IsNullOrEmpty(message))
        {
            // The normal form, its rewriting (then the reading by sound), the English tokens (as
            // long as before: a word's tokens are cut to fit), and the key of the catalog's
            // answers (written form and tokens, so twice as long).
            var size = (message.Length * _vocabulary.MaxGrowth) + 1;
            char[]? rented = null;
            // Sized to the message: stackalloc clears what it takes.
            var buffer = size * 5 <= StackLimit
                ? stackalloc char[size * 5]
                : (rented = ArrayPool<char>.Shared.Rent(size * 5));
            try
            {
                var answer = ScoreMessage(
                    message, buffer[..size], buffer[size..(2 * size)], buffer[(2 * size)..(3 * size)], buffer[(3 * size)..(5 * size)], answerFromCatalog: !coded, scores, kinds);
                if (answer is not null)
                {
                    return answer;
                }
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

    // Scores the message into `scores`, or returns the answer the catalog's texts hold for it
    // (only when `answerFromCatalog`: a known code's score is not in those answers).
    private MatchResult? ScoreMessage(
        string message, Span<char> first, Span<char> second, Span<char> third, Span<char> fourth, bool answerFromCatalog, Span<double> scores, Span<MatchKind> kinds)
    {
        var normal = TextNormalizer.Normalize(message, first);
        var m = _vocabulary.IsEmpty ? normal : _vocabulary.Rewrite(normal, second);
        var english = EnglishText.HasLatinWords(message);
        var tokens = english ? EnglishText.Tokenize(message, _tokens.GetAlternateLookup<ReadOnlySpan<char>>(), third) : [];
        if (answerFromCatalog && _catalogAnswers.Count > 0
            && _catalogAnswersByKey.TryGetValue(AnswerKey(m, english, tokens, fourth), out var answer))
        {
            return answer;
        }

        var noFailureHere = answerFromCatalog
            && (NamesOtherServiceVerification(m) || NamesOtherProductOnly(message, m) || NoFailureTold.AsksBeforeAnyFailure(normal) || NoFailureTold.TellsOnlySuccess(normal));
        _written.Score(m, scores, kinds, 1.0, fuzzyOnly: false);
        foreach (var (rule, regex, weight, latin) in _regexes)
        {
            if ((english || !latin) && regex.IsMatch(m))
            {
                PhraseIndex.Offer(scores, kinds, rule, weight, MatchKind.Contains);
            }
        }

        if (Settled(scores, out var best))
        {
            DiscountFor(noFailureHere, scores);
            return null;
        }

        // A typo leaves most of a prompt as written: text that found almost nothing as written is
        // not a prompt with a typo, and is not read again by sound.
        // Pinyin typed for the characters ("yanzheng shibai qing quebao…") is read by sound
        // whatever it scored as written, which is next to nothing.
        // English words the catalog knows make a text English, not pinyin.
        var readSound = best >= MatchScores.SoundFloor && HasReadings(m);
        var mayBePinyin = m.ContainsAnyInRange('a', 'z') && (!english || MostlyUnknown(tokens));
        if (readSound || mayBePinyin)
        {
            // By sound: the written form is no longer needed, so its buffer takes the keys.
            var keyed = Keyed(m, first, mayBePinyin, out var pinyin);
            ReadOnlySpan<char> sound = readSound || pinyin ? keyed : [];
            if (!_phoneticVocabulary.IsEmpty)
            {
                sound = _phoneticVocabulary.Rewrite(keyed, second);
            }

            if (!sound.IsEmpty)
            {
                _sound.Score(sound, scores, kinds, MatchScores.SoundFactor, fuzzyOnly: true);
            }
        }

        if (english && !OnlyGeneric(tokens))
        {
            _english.Score(tokens, scores, kinds, 1.0, fuzzyOnly: false);
        }

        DiscountFor(noFailureHere, scores);
        return null;
    }

    // Whether the message names another service's verification: one of the platform's
    // other_services, with 实名, 认证, 验证 or 审核 just after it ("百家号实名提示…", "腾讯云域名实名认证失败").
    // Named in passing ("之前在头条也有号,今天认证…", "从新网转到阿里云后实名") it does not count.
    private bool NamesOtherServiceVerification(ReadOnlySpan<char> m)
    {
        if (_otherServices is null)
        {
            return false;
        }

        for (var at = m.IndexOfAny(_otherServices); at >= 0;)
        {
            var end = at;
            foreach (var name in _otherServiceNames)
            {
                if (m[at..].StartsWith(name, StringComparison.Ordinal))
                {
                    end = Math.Max(end, at + name.Length);
                }
            }

            if (StartsWithAny(m[end..], SpeakingWords))
            {
                return true;
            }

            var gap = char.IsAsciiLetterOrDigit(m[at]) ? LatinOtherServiceGap : OtherServiceGap;
            foreach (var word in VerificationWords)
            {
                // Scanned with the other service's app ("用支付宝扫实名码", "scanner=WeChat") is this
                // platform's own failure (an unknown client), not that service's verification.
                // Nor is another service's verification told as passed ("抖音早就实名了没问题,大鱼号却…").
                var window = m[end..Math.Min(m.Length, end + gap + word.Length)];
                var found = window.IndexOf(word, StringComparison.Ordinal);
                if (found >= 0 && !window[..found].Contains('扫') && !ScannedWith(m, at) && !ToldAsPassed(m[(end + found + word.Length)..]))
                {
                    return true;
                }
            }

            var next = m[(at + 1)..].IndexOfAny(_otherServices);
            at = next < 0 ? -1 : at + 1 + next;
        }

        return false;
    }

    private static bool StartsWithAny(ReadOnlySpan<char> text, string[] words)
    {
        foreach (var word in words)
        {
            if (text.StartsWith(word, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    // Whether the words just before another service's name say it scanned: 用…, "scanner=".
    private static bool ScannedWith(ReadOnlySpan<char> m, int at)
    {
        var before = m[Math.Max(0, at - ScanReach)..at];
        return before.Contains('扫') || before.Contains("scan", StringComparison.Ordinal);
    }

    private const int ScanReach = 8;

    // Whether what follows a verification's word tells that it passed: 实名了没问题, 都实名过了,
    // 实名的时候显示认证通过; not 不通过, 没过了.
    private static bool ToldAsPassed(ReadOnlySpan<char> after)
    {
        after = after[..Math.Min(after.Length, PassedReach)];
        for (var from = 0; after[from..].IndexOfAny(PassedWords) is var at and >= 0; from += at + 1)
        {
            if (from + at == 0 || !NotPassedBefore.Contains(after[from + at - 1]))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly SearchValues<string> PassedWords = SearchValues.Create(["没问题", "没毛病", "过了", "通过", "成功", "好了"], StringComparison.Ordinal);
    private static readonly SearchValues<char> NotPassedBefore = SearchValues.Create("不没未");
    private const int PassedReach = 10;

    // Whether the message names one of the platform's other_products and no verification at all:
    // "ECS服务器上传文件失败,提示网络错误" is about the server, whatever error it quotes.
    private bool NamesOtherProductOnly(string message, ReadOnlySpan<char> m)
    {
        // Most messages name a verification: the one look-up settles them.
        if (m.IndexOfAny(VerificationSubjectWords) >= 0)
        {
            return false;
        }

        if (_otherProducts is not null && m.IndexOfAny(_otherProducts) >= 0)
        {
            return true;
        }

        foreach (var word in _otherProductWords)
        {
            if (HasWord(message, word))
            {
                return true;
            }
        }

        return false;
    }

    // Whether `word` (ASCII) stands in the text as a whole word: "ssl" in "SSL证书", not in
    // "business license", whose words the normal form runs together.
    private static bool HasWord(string text, string word)
    {
        for (var at = text.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + word.Length;
            if ((at == 0 || !char.IsAsciiLetterOrDigit(text[at - 1])) && (end == text.Length || !char.IsAsciiLetterOrDigit(text[end])))
            {
                return true;
            }
        }

        return false;
    }

    // A message about another service or product, or one that tells no failure, is no diagnosis
    // of this platform's: every rule's score counts this much, so that none is confident and the
    // strongest stay alternatives.
    private static void DiscountFor(bool noFailureHere, Span<double> scores)
    {
        if (noFailureHere)
        {
            foreach (ref var score in scores)
            {
                score *= MatchScores.OtherServiceFactor;
            }
        }
    }

    // Without a known code, the answer depends on the message only through its written form and,
    // when it has Latin words, its English tokens: the key is the one, or both around a separator
    // that neither can hold (the normal form keeps letters and digits, tokens are private-use).
    private static ReadOnlySpan<char> AnswerKey(ReadOnlySpan<char> written, bool english, ReadOnlySpan<char> tokens, Span<char> buffer)
    {
        if (!english)
        {
            return written;
        }

        written.CopyTo(buffer);
        buffer[written.Length] = AnswerKeySeparator;
        tokens.CopyTo(buffer[(written.Length + 1)..]);
        return buffer[..(written.Length + 1 + tokens.Length)];
    }

    // The other readings only look for what the written one missed: once a rule is matched as
    // written by more than a known message read by sound would score, they are not needed (and a
    // reading by sound could only blur it). A confident match by keywords alone is not settled:
    // "请检查姓名和证建号是否正确 … 生僻字" holds its prompt only by sound, and the keyword 生僻字
    // of a neighbour rule answered it as written.
    private static bool Settled(ReadOnlySpan<double> scores, out double best)
    {
        best = 0;
        foreach (var score in scores)
        {
            best = Math.Max(best, score);
        }

        return best >= MatchScores.SoundFactor * MatchScores.ContainsBase;
    }

    // Whether the English tokens hold no word but the generic ones (and words no rule uses).
    private bool OnlyGeneric(ReadOnlySpan<char> tokens)
    {
        foreach (var t in tokens)
        {
            if (t != EnglishText.UnknownToken && !_genericTokens.Contains(t))
            {
                return false;
            }
        }

        return true;
    }

    // The phonetic key of each character, and of each run of Latin letters that is wholly pinyin
    // (of at least two syllables: one is as likely an English word); whether there was such a run.
    private static ReadOnlySpan<char> Keyed(ReadOnlySpan<char> m, Span<char> buffer, bool mayBePinyin, out bool pinyin)
    {
        pinyin = false;
        var length = 0;
        for (var i = 0; i < m.Length;)
        {
            if (mayBePinyin && m[i] is >= 'a' and <= 'z')
            {
                var end = i + 1;
                while (end < m.Length && m[end] is >= 'a' and <= 'z')
                {
                    end++;
                }

                var syllables = CharacterData.PinyinKeys(m[i..end], buffer[length..]);
                if (syllables >= 2)
                {
                    pinyin = true;
                    length += syllables;
                }
                else
                {
                    m[i..end].CopyTo(buffer[length..]);
                    length += end - i;
                }

                i = end;
                continue;
            }

            buffer[length++] = CharacterData.PhoneticKey(m[i++]);
        }

        return buffer[..length];
    }

    // Whether at most one word in five of an English reading is one the catalog knows.
    private static bool MostlyUnknown(ReadOnlySpan<char> tokens)
    {
        var unknown = 0;
        foreach (var t in tokens)
        {
            unknown += t == EnglishText.UnknownToken ? 1 : 0;
        }

        return unknown * 5 >= tokens.Length * 4;
    }

    private static bool HasReadings(ReadOnlySpan<char> m)
    {
        foreach (var c in m)
        {
            if (CharacterData.PhoneticKey(c) != c)
            {
                return true;
            }
        }

        return false;
    }

    private static string Phonetic(string text) => string.Create(text.Length, text, static (span, t) =>
    {
        for (var i = 0; i < t.Length; i++)
        {
            span[i] = CharacterData.PhoneticKey(t[i]);
        }
    });

    // The key ScoreMessage looks a message up by, for load time.
    private string AnswerKeyOf(string message)
    {
        var size = (message.Length * _vocabulary.MaxGrowth) + 1;
        var buffer = new char[size * 5];
        var m = _vocabulary.Rewrite(TextNormalizer.Normalize(message.AsSpan(), buffer.AsSpan(0, size)), buffer.AsSpan(size, size));
        var english = EnglishText.HasLatinWords(message);
        var tokens = english ? EnglishText.Tokenize(message, _tokens.GetAlternateLookup<ReadOnlySpan<char>>(), buffer.AsSpan(2 * size, size)) : [];
        return new string(AnswerKey(m, english, tokens, buffer.AsSpan(3 * size, 2 * size)));
    }

    private string Written(string message) => _vocabulary.Rewrite(TextNormalizer.Normalize(message));

    private static int CountWords(string words) => words.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>
    /// The clauses of the rules' known messages that say what only one rule says, in their read
    /// form, to be indexed as paraphrases. Users quote a prompt's first clause and leave out its
    /// instruction ("身份证头像与公安网头像不一致" of "…不一致。请按要求重新进行认证"), and a message
    /// that holds a clause holds no whole known message, so it was scored only by keywords and
    /// similarity, where a neighbour rule's keywords could win. A clause shorter than
    /// <paramref name="minLength"/>, or found in another rule's known message ("请重新进行认证"
    /// closes many), says nothing of its own and is left out.
    /// </summary>
    private static IEnumerable<(string Text, int Rule)> OwnClauses(
        RuleDefinition[] rules, Func<RuleDefinition, IEnumerable<string>> messages, Func<string, string> read, Func<string, int> length, int minLength)
    {
        var whole = rules.Select(r => messages(r).Select(read).ToList()).ToList();
        for (var r = 0; r < rules.Length; r++)
        {
            var clauses = messages(rules[r])
                .SelectMany(m => m.Split(ClauseBreaks, StringSplitOptions.RemoveEmptyEntries))
                .Select(read)
                .Where(c => length(c) >= minLength && !whole[r].Contains(c))
                .Distinct();
            foreach (var clause in clauses)
            {
                if (!whole.Where((_, other) => other != r).Any(texts => texts.Any(t => t.Contains(clause, StringComparison.Ordinal))))
                {
                    yield return (clause, r);
                }
            }
        }
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
        scores[a] > scores[b] || (scores[a] == scores[b] && PhraseIndex.Strength(kinds[a]) > PhraseIndex.Strength(kinds[b]));
}
