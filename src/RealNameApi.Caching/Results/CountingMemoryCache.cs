using Microsoft.Extensions.Caching.Memory;
using RealNameApi.Caching.Telemetry;

namespace RealNameApi.Caching.Results;

/// <summary>
/// The in-process tier as HybridCache sees it: the same memory cache, with every lookup counted
/// as a hit or a miss of the memory tier. HybridCache reports its tiers only as EventCounters of
/// a process-wide event source; its lookups of this tier are what the cache itself can see.
/// </summary>
internal sealed class CountingMemoryCache(MemoryCache inner) : IMemoryCache
{
    public bool TryGetValue(object key, out object? value)
    {
        var hit = inner.TryGetValue(key, out value);
        CachingTelemetry.MemoryLookup(hit);
        return hit;
    }

    public ICacheEntry CreateEntry(object key) => inner.CreateEntry(key);

    public void Remove(object key) => inner.Remove(key);

    public MemoryCacheStatistics? GetCurrentStatistics() => inner.GetCurrentStatistics();

    public void Dispose() => inner.Dispose();
}
