using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Catalog;

namespace RealNameApi.Diagnosis.Tests.Catalog;

public sealed class EmbeddedCatalogTests
{
    private static readonly FailureCatalog Catalog = CatalogLoader.LoadEmbedded();

    [Fact]
    public void Loads_both_platforms_with_every_section_of_their_sources()
    {
        Assert.Equal(["aliyun-domain", "dayu"], Catalog.Platforms.Select(p => p.Id));
        Assert.True(Catalog.TryGetPlatform("dayu", out var dayu));
        Assert.Equal(18, dayu.Rules.Count);
        Assert.Equal(
            Enumerable.Range(1, 18).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(),
            dayu.Rules.Select(r => r.Source.Section).Order());
        Assert.True(Catalog.TryGetPlatform("aliyun-domain", out var aliyun));
        Assert.Equal(21, aliyun.Rules.Count);
        Assert.Equal(21, aliyun.Rules.Select(r => r.Source.Section).Distinct().Count());
    }
}
