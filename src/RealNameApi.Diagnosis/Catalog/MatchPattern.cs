using System.Text.RegularExpressions;

namespace RealNameApi.Diagnosis.Catalog;

/// <summary>
/// A way for a rule to catch paraphrases of its prompts: either a keyword set (every keyword
/// must appear in the message) or a regular expression. Both apply to the normalised message
/// (see <c>Matching/TextNormalizer</c>): lower case, half width, without spaces or punctuation.
/// </summary>
/// <param name="AllOf">The keywords that must all appear; empty for a regex pattern.</param>
/// <param name="Regex">The regular expression; null for a keyword set.</param>
/// <param name="Weight">The match score in [0, 1] the pattern gives when it fires.</param>
public sealed record MatchPattern(IReadOnlyList<string> AllOf, Regex? Regex, double Weight);
