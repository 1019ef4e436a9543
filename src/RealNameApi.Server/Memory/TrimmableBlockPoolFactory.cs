using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;

namespace RealNameApi.Server.Memory;

/// <summary>
/// Kestrel's memory pools (it asks this factory for them through DI: one for each transport),
/// each a <see cref="TrimmableBlockPool"/>, trimmed of their surplus every <see cref="TrimPeriod"/>.
/// </summary>
internal sealed class TrimmableBlockPoolFactory : IMemoryPoolFactory<byte>, IDisposable
{
    /// <summary>Kestrel's own eviction period.</summary>
    public static readonly TimeSpan TrimPeriod = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<TrimmableBlockPool, byte> _pools = new();
    private readonly Timer _timer;

    public TrimmableBlockPoolFactory() => _timer = new Timer(_ => TrimSurplus(), null, TrimPeriod, TrimPeriod);

    public MemoryPool<byte> Create(MemoryPoolOptions? options = null)
    {
        var pool = new TrimmableBlockPool(disposed => _pools.TryRemove(disposed, out _));
        _pools.TryAdd(pool, 0);
        return pool;
    }

    /// <summary>Drops every pool's surplus blocks (see <see cref="TrimmableBlockPool.TrimSurplus"/>); returns the bytes.</summary>
    public long TrimSurplus() => _pools.Keys.Sum(pool => pool.TrimSurplus());

    /// <summary>Drops every idle block of every pool, for a quiet server; returns the bytes.</summary>
    public long TrimAll() => _pools.Keys.Sum(pool => pool.TrimAll());

    public void Dispose() => _timer.Dispose();
}
