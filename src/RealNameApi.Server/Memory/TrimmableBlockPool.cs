using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace RealNameApi.Server.Memory;

/// <summary>
/// Kestrel's I/O buffers: 4 KB pinned blocks, pooled as Kestrel's own pool pools them, but able
/// to give its idle blocks up. Kestrel's pool keeps whatever a burst made it allocate and frees
/// 1-5% of its idle blocks every 10 s: after the attack suite's zero-window attack it held 26 MB
/// of pinned blocks for as long as one looked, most of the memory the attack left behind.
/// Here, every <see cref="TrimmableBlockPoolFactory.TrimPeriod"/> the blocks that stayed idle all
/// through the period (the lowest idle count it saw) are dropped, and a quiet server drops all of
/// them (<see cref="IdleMemoryRelease"/>), so a collection can give the memory back.
/// </summary>
internal sealed class TrimmableBlockPool(Action<TrimmableBlockPool> onDisposed) : MemoryPool<byte>
{
    /// <summary>The block size of Kestrel's own pool: one page, what Kestrel expects.</summary>
    public const int BlockSize = 4096;

    private readonly ConcurrentQueue<Block> _idle = new();
    private int _idleCount;
    private int _lowestIdleCount;

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        if (!_idle.TryDequeue(out var block))
        {
            return new Block(this);
        }

        // A racy minimum is fine: it only decides how many idle blocks the next trim drops.
        var idle = Interlocked.Decrement(ref _idleCount);
        if (idle < _lowestIdleCount)
        {
            _lowestIdleCount = idle;
        }

        return block;
    }

    /// <summary>Drops the blocks that no rent needed since the last call; returns how many bytes.</summary>
    public long TrimSurplus()
    {
        var dropped = Drop(_lowestIdleCount);
        _lowestIdleCount = Volatile.Read(ref _idleCount);
        return dropped;
    }

    /// <summary>Drops every idle block; returns how many bytes.</summary>
    public long TrimAll()
    {
        var dropped = Drop(int.MaxValue);
        _lowestIdleCount = 0;
        return dropped;
    }

    protected override void Dispose(bool disposing)
    {
        TrimAll();
        onDisposed(this);
    }

    private long Drop(int count)
    {
        long dropped = 0;
        while (dropped < count && _idle.TryDequeue(out _))
        {
            Interlocked.Decrement(ref _idleCount);
            dropped++;
        }

        return dropped * BlockSize;
    }

    private void Return(Block block)
    {
        _idle.Enqueue(block);
        Interlocked.Increment(ref _idleCount);
    }

    private sealed class Block(TrimmableBlockPool pool) : IMemoryOwner<byte>
    {
        public Memory<byte> Memory { get; } = MemoryMarshal.CreateFromPinnedArray(GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true), 0, BlockSize);

        public void Dispose() => pool.Return(this);
    }
}
