using Microsoft.Extensions.Caching.Distributed;

namespace RealNameApi.Caching.Tests.Infrastructure;

/// <summary>Passes every call to the real Redis-backed cache and counts them, to see which calls reach Redis.</summary>
public sealed class CountingDistributedCache(IDistributedCache inner) : IDistributedCache
{
    private int _reads;
    private int _writes;

    public int Reads => Volatile.Read(ref _reads);

    public int Writes => Volatile.Read(ref _writes);

    public byte[]? Get(string key)
    {
        Interlocked.Increment(ref _reads);
        return inner.Get(key);
    }

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        Interlocked.Increment(ref _reads);
        return inner.GetAsync(key, token);
    }

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        Interlocked.Increment(ref _writes);
        inner.Set(key, value, options);
    }

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        Interlocked.Increment(ref _writes);
        return inner.SetAsync(key, value, options, token);
    }

    public void Refresh(string key) => inner.Refresh(key);

    public Task RefreshAsync(string key, CancellationToken token = default) => inner.RefreshAsync(key, token);

    public void Remove(string key) => inner.Remove(key);

    public Task RemoveAsync(string key, CancellationToken token = default) => inner.RemoveAsync(key, token);
}
