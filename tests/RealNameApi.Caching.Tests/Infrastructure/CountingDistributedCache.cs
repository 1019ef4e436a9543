using System.Buffers;
using Microsoft.Extensions.Caching.Distributed;

namespace RealNameApi.Caching.Tests.Infrastructure;

/// <summary>
/// Passes every call to the real Redis-backed cache and counts them, to see which calls reach
/// Redis. Buffer-capable like the real one, so HybridCache takes the same path through it.
/// </summary>
public sealed class CountingDistributedCache(IBufferDistributedCache inner) : IBufferDistributedCache
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

    public bool TryGet(string key, IBufferWriter<byte> destination)
    {
        Interlocked.Increment(ref _reads);
        return inner.TryGet(key, destination);
    }

    public ValueTask<bool> TryGetAsync(string key, IBufferWriter<byte> destination, CancellationToken token = default)
    {
        Interlocked.Increment(ref _reads);
        return inner.TryGetAsync(key, destination, token);
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

    public void Set(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options)
    {
        Interlocked.Increment(ref _writes);
        inner.Set(key, value, options);
    }

    public ValueTask SetAsync(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        Interlocked.Increment(ref _writes);
        return inner.SetAsync(key, value, options, token);
    }

    public void Refresh(string key) => inner.Refresh(key);

    public Task RefreshAsync(string key, CancellationToken token = default) => inner.RefreshAsync(key, token);

    public void Remove(string key) => inner.Remove(key);

    public Task RemoveAsync(string key, CancellationToken token = default) => inner.RemoveAsync(key, token);
}
