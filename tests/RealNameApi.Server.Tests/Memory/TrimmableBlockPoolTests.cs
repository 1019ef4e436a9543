extern alias RealNameApiServer;

using System.Buffers;
using RealNameApiServer::RealNameApi.Server.Memory;

namespace RealNameApi.Server.Tests.Memory;

/// <summary>
/// The pool that Kestrel's buffers come from: blocks are reused, a trim drops only the blocks that
/// no rent needed since the last trim, and a quiet server's trim drops them all. The attack suite
/// shows the memory it gives back on the real server (the zero-window check).
/// </summary>
public sealed class TrimmableBlockPoolTests
{
    private const int Block = TrimmableBlockPool.BlockSize;

    [Fact]
    public void A_returned_block_is_rented_again_rather_than_a_new_one_allocated()
    {
        using var pool = new TrimmableBlockPool(_ => { });
        var first = pool.Rent();
        var memory = first.Memory;
        first.Dispose();

        using var second = pool.Rent();

        Assert.Equal(Block, second.Memory.Length);
        Assert.True(memory.Span == second.Memory.Span);
    }

    [Fact]
    public void A_block_larger_than_a_page_is_refused_as_Kestrels_own_pool_refuses_it()
    {
        using var pool = new TrimmableBlockPool(_ => { });
        Assert.Equal(Block, pool.MaxBufferSize);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(Block + 1));
    }

    [Fact]
    public void A_trim_drops_the_blocks_that_stayed_idle_since_the_last_one_and_keeps_those_in_use_meanwhile()
    {
        using var pool = new TrimmableBlockPool(_ => { });
        ReturnAll(RentMany(pool, 10));
        Assert.Equal(0, pool.TrimSurplus()); // the burst that filled the pool was this period's own

        // Three blocks at most in use at once since: seven stayed idle all through.
        ReturnAll(RentMany(pool, 3));
        Assert.Equal(7L * Block, pool.TrimSurplus());

        // Nothing rented since: the three go too.
        Assert.Equal(3L * Block, pool.TrimSurplus());
        Assert.Equal(0, pool.TrimSurplus());
    }

    [Fact]
    public void A_quiet_servers_trim_drops_every_idle_block_and_blocks_still_in_use_come_back_afterwards()
    {
        using var pool = new TrimmableBlockPool(_ => { });
        var inUse = RentMany(pool, 4);
        ReturnAll(RentMany(pool, 6));

        Assert.Equal(6L * Block, pool.TrimAll());
        Assert.Equal(0, pool.TrimAll());

        ReturnAll(inUse);
        Assert.Equal(4L * Block, pool.TrimAll());
    }

    [Fact]
    public void The_factory_trims_the_pools_it_made_until_Kestrel_disposes_them()
    {
        using var factory = new TrimmableBlockPoolFactory();
        var first = factory.Create();
        var second = factory.Create();
        ReturnAll(RentMany(first, 2));
        ReturnAll(RentMany(second, 5));

        Assert.Equal(7L * Block, factory.TrimAll());

        // Blocks still in use when Kestrel disposes a pool come back to it afterwards: the
        // factory no longer trims (or holds) that pool, only the live one.
        var inUse = RentMany(first, 2);
        first.Dispose();
        ReturnAll(inUse);
        ReturnAll(RentMany(second, 1));
        Assert.Equal(1L * Block, factory.TrimAll());
    }

    private static List<IMemoryOwner<byte>> RentMany(MemoryPool<byte> pool, int count) =>
        Enumerable.Range(0, count).Select(_ => pool.Rent()).ToList();

    private static void ReturnAll(List<IMemoryOwner<byte>> blocks) => blocks.ForEach(block => block.Dispose());
}
