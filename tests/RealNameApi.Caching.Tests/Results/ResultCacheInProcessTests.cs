using Microsoft.Extensions.Logging.Abstractions;
using RealNameApi.Caching.Configuration;
using RealNameApi.Caching.Results;
using RealNameApi.Caching.Tests.Infrastructure;

namespace RealNameApi.Caching.Tests.Results;

/// <summary>The embedded default: the in-process tier alone.</summary>
public sealed class ResultCacheInProcessTests : ResultCacheBehaviour
{
    protected override ResultCache NewCache() => new(new CacheOptions(), null, null, NullLogger<ResultCache>.Instance);

    [Fact]
    public async Task Answers_larger_than_the_in_process_limit_are_computed_every_time()
    {
        using var cache = new ResultCache(new CacheOptions { MemorySizeLimit = 16 }, null, null, NullLogger<ResultCache>.Instance);
        var key = NewKey();
        var computed = 0;

        await cache.GetOrCreateAsync(key, () => { computed++; return Parts.Answer(); });
        await cache.GetOrCreateAsync(key, () => { computed++; return Parts.Answer(); });

        Assert.Equal(2, computed);
    }
}
