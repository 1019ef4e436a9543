using System.Diagnostics;
using RealNameApi.Caching.Redis;
using RealNameApi.Caching.Tests.Infrastructure;
using StackExchange.Redis;

namespace RealNameApi.Caching.Tests.Redis;

/// <summary>
/// What StackExchange.Redis 1.2.6 does on .NET 10 against a real server: what works as is, and
/// the faults the library works around (each shown on the raw client, then through the library).
/// Run alone: one test starves the thread pool on purpose.
/// </summary>
[Collection(RedisClientTests.Alone)]
public sealed class RedisClientTests : IDisposable
{
    public const string Alone = "redis client, alone";
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(300);
    private const string BusyScript = """
        local start = redis.call('TIME')
        repeat
          local now = redis.call('TIME')
        until (now[1] - start[1]) * 1000000 + (now[2] - start[2]) > 50000
        return 1
        """;

    private readonly RedisWithAdmin _redis = new();

    public void Dispose() => _redis.Dispose();

    [Fact]
    public async Task Connects_and_after_a_restart_reconnects_and_restores_subscriptions_by_itself()
    {
        using var client = RawClient();
        var received = new List<string>();
        await client.GetSubscriber().SubscribeAsync("news", (_, message) => { lock (received) { received.Add(message!); } });
        await client.GetDatabase().PublishAsync("news", "before");
        await Eventually.HoldsAsync(() => { lock (received) { return received.Contains("before"); } }, "a message before the restart");

        _redis.Stop();
        await Assert.ThrowsAsync<RedisConnectionException>(() => client.GetDatabase().StringGetAsync("k"));
        _redis.Start();
        var clock = Stopwatch.StartNew();

        await Eventually.HoldsAsync(async () => await Succeeds(() => client.GetDatabase().StringSetAsync("k", "v")), "a command after the restart");
        await Eventually.HoldsAsync(
            async () =>
            {
                await client.GetDatabase().PublishAsync("news", "after");
                lock (received)
                {
                    return received.Contains("after");
                }
            },
            "a message after the restart, on the subscription made before it");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"reconnected in {clock.Elapsed}");
    }

    [Fact]
    public async Task Starts_while_Redis_is_down_and_connects_once_it_is_up()
    {
        _redis.Stop();
        using var connection = Parts.Connect(_redis, "start:", Timeout);

        Assert.False(connection.IsConnected);
        _redis.Start();

        await Eventually.HoldsAsync(async () => await Succeeds(() => connection.Database.StringSetAsync("k", "v")), "a command once Redis is up");
    }

    [Fact]
    public async Task Asynchronous_commands_have_no_timeout_of_their_own_so_the_library_enforces_one()
    {
        using var client = RawClient();
        using var connection = Parts.Connect(_redis, "hung:", Timeout);
        var cache = new RedisDistributedCache(connection, TimeProvider.System);
        await client.GetDatabase().StringSetAsync("k", "v");
        await Eventually.HoldsAsync(() => connection.IsConnected, "the library connected");

        _redis.Pause();
        try
        {
            var raw = client.GetDatabase().StringGetAsync("k");
            var clock = Stopwatch.StartNew();
            await Assert.ThrowsAsync<TimeoutException>(() => cache.GetAsync("k"));
            var bounded = clock.Elapsed;
            await Task.Delay(Timeout * 5);

            Assert.False(raw.IsCompleted, "1.2.6 leaves an async command to a hung server pending far past its sync timeout");
            Assert.Throws<RedisTimeoutException>(() => client.GetDatabase().StringGet("k"));
            Assert.True(bounded < TimeSpan.FromSeconds(5), $"the library's call ended after {bounded}");
        }
        finally
        {
            _redis.Resume();
        }
    }

    [Fact]
    public async Task Continuations_run_on_the_clients_completion_worker_unless_the_library_moves_them()
    {
        using var client = RawClient();
        using var connection = Parts.Connect(_redis, "threads:");
        var cache = new RedisDistributedCache(connection, TimeProvider.System);
        await client.GetDatabase().PingAsync();

        // A slow script ahead of each GET keeps the GET pending while its continuation is attached.
        _ = client.GetDatabase().ScriptEvaluateAsync(BusyScript);
        var rawStack = await StackAfter(client.GetDatabase().StringGetAsync("k"));
        _ = client.GetDatabase().ScriptEvaluateAsync(BusyScript);
        var libraryStack = await StackAfter(cache.GetAsync("k"));

        Assert.Contains("StackExchange.Redis.CompletionManager", rawStack, StringComparison.Ordinal);
        Assert.DoesNotContain("StackExchange.Redis", libraryStack, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Synchronous_commands_time_out_while_the_thread_pool_is_busy_so_the_library_uses_asynchronous_ones()
    {
        using var client = RawClient();
        await client.GetDatabase().StringSetAsync("k", "v");
        // Cap the pool (this collection runs alone) and occupy every thread it may have.
        ThreadPool.GetMaxThreads(out var maxWorkers, out var maxIo);
        ThreadPool.GetMinThreads(out var minWorkers, out _);
        var cap = Math.Max(minWorkers, Environment.ProcessorCount);
        Assert.True(ThreadPool.SetMaxThreads(cap, maxIo));
        var released = false;
        var running = 0;
        var blockers = cap + 8;
        for (var i = 0; i < blockers; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(
                _ =>
                {
                    Interlocked.Increment(ref running);
                    var until = Stopwatch.StartNew();
                    while (!Volatile.Read(ref released) && until.Elapsed < TimeSpan.FromSeconds(10))
                    {
                        Thread.Sleep(10);
                    }
                },
                null);
        }

        try
        {
            // The reply comes back at once, but 1.2.6 reads its sockets on thread-pool callbacks,
            // so nothing reads it while every pool thread is busy.
            var error = await Task.Factory.StartNew(
                () =>
                {
                    var waited = Stopwatch.StartNew();
                    // Every blocker running, or some still queued: every thread the pool may use is taken.
                    while (!(Volatile.Read(ref running) == blockers || (Volatile.Read(ref running) > 0 && ThreadPool.PendingWorkItemCount > 0)) && waited.Elapsed < TimeSpan.FromSeconds(2))
                    {
                        Thread.Sleep(5);
                    }

                    var failure = Record.Exception(() => client.GetDatabase().StringGet("k"));
                    Volatile.Write(ref released, true);
                    return failure;
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);

            var timeout = Assert.IsType<RedisTimeoutException>(error);
            Assert.Contains("GET", timeout.Message, StringComparison.Ordinal);
        }
        finally
        {
            Volatile.Write(ref released, true);
            ThreadPool.SetMaxThreads(maxWorkers, maxIo);
        }
    }

    // Where the code after an await runs: the stack of the thread that completed the command.
    private static async Task<string> StackAfter(Task command)
    {
        await command.ConfigureAwait(false);
        return new StackTrace().ToString();
    }

    private ConnectionMultiplexer RawClient() =>
        ConnectionMultiplexer.Connect($"{_redis.Configuration},abortConnect=false,connectTimeout=500,syncTimeout={(int)Timeout.TotalMilliseconds}");

    private static async Task<bool> Succeeds(Func<Task> command)
    {
        try
        {
            await command();
            return true;
        }
        catch (RedisException)
        {
            return false;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}

[CollectionDefinition(RedisClientTests.Alone, DisableParallelization = true)]
public sealed class RedisClientAlone;
