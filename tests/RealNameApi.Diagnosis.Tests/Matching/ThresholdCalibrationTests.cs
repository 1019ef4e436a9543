using RealNameApi.Diagnosis.Catalog;
using RealNameApi.Diagnosis.Matching;

namespace RealNameApi.Diagnosis.Tests.Matching;

/// <summary>
/// The platform thresholds are calibrated on the example table: every positive (exact prompt or
/// paraphrase) scores at or above its platform's threshold on the right rule, every negative
/// below it. The gap between the worst positive and the best negative is what the threshold
/// sits in; this test fails if a catalog or scoring change closes it.
/// </summary>
public sealed class ThresholdCalibrationTests
{
    private static readonly FailureCatalog Catalog = CatalogLoader.LoadEmbedded();
    private static readonly MessageMatcher Matcher = new(Catalog);

    [Theory]
    [InlineData("dayu")]
    [InlineData("aliyun-domain")]
    public void The_threshold_separates_every_positive_from_every_negative(string platform)
    {
        Assert.True(Catalog.TryGetPlatform(platform, out var p));
        var positives = MatchingExamples.Exact.Concat(MatchingExamples.Paraphrases).Where(e => e.Platform == platform).ToList();
        var negatives = MatchingExamples.Negatives.Where(e => e.Platform == platform).ToList();

        var worstPositive = positives.Min(e => Matcher.Match(platform, null, e.Message) is { } r && r.Rule?.Id == e.Rule ? r.Confidence : 0);
        var bestNegative = negatives.Max(e => Matcher.Match(platform, null, e.Message).Confidence);

        Assert.True(worstPositive >= p.MatchThreshold, $"worst positive {worstPositive:F3} is below the threshold {p.MatchThreshold}");
        Assert.True(bestNegative < p.MatchThreshold, $"best negative {bestNegative:F3} reaches the threshold {p.MatchThreshold}");
    }

    [Theory]
    [InlineData("dayu")]
    [InlineData("aliyun-domain")]
    public void Every_negative_is_diagnosed_unknown(string platform)
    {
        foreach (var (_, message) in MatchingExamples.Negatives.Where(e => e.Platform == platform))
        {
            var result = Matcher.Match(platform, null, message);
            Assert.True(result.Rule is null, $"'{message}' matched {result.Rule?.Id} at {result.Confidence:F3}");
        }
    }
}
