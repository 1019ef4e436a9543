using System.Diagnostics;
using RealNameApi.Caching.Tests.Infrastructure;
using StackExchange.Redis;

namespace RealNameApi.Caching.Tests.Redis;

/// <summary>
/// What StackExchange.Redis does against a real server, as the library configures it
/// (<c>RedisConnection</c>): each behaviour the library relies on, including those it once had
/// to provide itself on 1.2.6 (timeouts of asynchronous commands, continuations off the client's
/// reader). Run alone: one test starves the thread pool on purpose.
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
        using var connection = Parts.Connect(_redis, "restart:", Timeout);
        var channel = RedisChannel.Literal("news");
        var received = new List<string>();
        await connection.Subscriber.SubscribeAsync(channel, (_, message) => { lock (received) { received.Add(message!); } });
        await connection.Database.PublishAsync(channel, "before");
        await Eventually.HoldsAsync(() => { lock (received) { return received.Contains("before"); } }, "a message before the restart");

        _redis.Stop();
        // Down: a command fails, rather than waiting in the client's backlog: at once once the
        // client has seen the connection close, else after its timeout (a busy machine may
        // not have read the close yet).
        var clock = Stopwatch.StartNew();
        var error = await Record.ExceptionAsync(() => connection.Database.StringGetAsync("k").WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(error is RedisConnectionException or RedisTimeoutException, $"failed with {error?.GetType().Name ?? "nothing"}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"failed after {clock.Elapsed}");
        _redis.Start();
        clock.Restart();

        await Eventually.HoldsAsync(async () => await Succeeds(() => connection.Database.StringSetAsync("k", "v")), "a command after the restart", TimeSpan.FromSeconds(20));
        await Eventually.HoldsAsync(
            async () =>
            {
                await connection.Database.PublishAsync(channel, "after");
                lock (received)
                {
                    return received.Contains("after");
                }
            },
            "a message after the restart, on the subscription made before it",
            TimeSpan.FromSeconds(20));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"reconnected in {clock.Elapsed}");
    }

    [Fact]
    public async Task Starts_while_Redis_is_down_and_connects_once_it_is_up()
    {
        _redis.Stop();
        using var connection = Parts.Connect(_redis, "start:", Timeout, waitUntilConnected: false);

        Assert.False(connection.IsConnected);
        _redis.Start();

        await Eventually.HoldsAsync(async () => await Succeeds(() => connection.Database.StringSetAsync("k", "v")), "a command once Redis is up", TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_Redis_that_stops_answering_fails_asynchronous_commands_after_the_async_timeout()
    {
        using var connection = Parts.Connect(_redis, "hung:", Timeout);
        const string Key = "hung:key-that-must-not-be-quoted";
        await Eventually.HoldsAsync(async () => await Succeeds(() => connection.Database.StringSetAsync(Key, "v")), "connected");

        _redis.Pause();
        try
        {
            var clock = Stopwatch.StartNew();
            var error = await Assert.ThrowsAsync<RedisTimeoutException>(() => connection.Database.StringGetAsync(Key).WaitAsync(TimeSpan.FromSeconds(30)));
            var waited = clock.Elapsed;

            // 1.2.6 left this command pending until the socket failed. The bound is generous for a
            // loaded machine; the timeout (300 ms) and the heartbeat that finds it (150 ms) are far less.
            Assert.InRange(waited, Timeout * 0.9, TimeSpan.FromSeconds(5));
            // The library turns off the client's details in exceptions: they would quote the key.
            Assert.DoesNotContain(Key, error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            _redis.Resume();
        }
    }

    [Fact]
    public async Task A_slow_continuation_of_one_command_does_not_hold_up_the_completion_of_others()
    {
        using var connection = Parts.Connect(_redis, "threads:");
        var db = connection.Database;
        await db.PingAsync();
        using var release = new ManualResetEventSlim();
        using var entered = new ManualResetEventSlim();

        // A slow script ahead of the GET keeps it pending while its continuation is attached;
        // ExecuteSynchronously asks to run on whichever thread completes the GET.
        _ = db.ScriptEvaluateAsync(BusyScript);
        var slow = db.StringGetAsync("k").ContinueWith(
            _ =>
            {
                entered.Set();
                release.Wait(TimeSpan.FromSeconds(20));
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        try
        {
            Assert.True(entered.Wait(TimeSpan.FromSeconds(10)), "the slow continuation started");

            // 1.2.6 ran that continuation on its one completion worker, so this would wait for it.
            await db.PingAsync().WaitAsync(TimeSpan.FromSeconds(10));
            await db.StringSetAsync("other", "v").WaitAsync(TimeSpan.FromSeconds(10));

            Assert.False(slow.IsCompleted, "the other commands completed while the slow continuation still ran");
        }
        finally
        {
            release.Set();
        }

        await slow;
    }

    [Fact]
    public async Task Synchronous_commands_time_out_while_the_thread_pool_is_busy_so_the_library_uses_asynchronous_ones()
    {
        using var connection = Parts.Connect(_redis, "pool:", Timeout);
        await Eventually.HoldsAsync(async () => await Succeeds(() => connection.Database.StringSetAsync("k", "v")), "connected");
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
            // The reply comes back at once, but StackExchange.Redis 3.x reads its sockets on the
            // thread pool (as 1.2.6 did; its own documentation says to await instead: "Sync over
            // async"), so nothing reads the reply while every pool thread is busy.
            var error = await Task.Factory.StartNew(
                () =>
                {
                    var waited = Stopwatch.StartNew();
                    // Every blocker running, or some still queued: every thread the pool may use is taken.
                    while (!(Volatile.Read(ref running) == blockers || (Volatile.Read(ref running) > 0 && ThreadPool.PendingWorkItemCount > 0)) && waited.Elapsed < TimeSpan.FromSeconds(2))
                    {
                        Thread.Sleep(5);
                    }

                    var failure = Record.Exception(() => connection.Database.StringGet("k"));
                    Volatile.Write(ref released, true);
                    return failure;
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);

            Assert.IsType<RedisTimeoutException>(error);
        }
        finally
        {
            Volatile.Write(ref released, true);
            ThreadPool.SetMaxThreads(maxWorkers, maxIo);
        }
    }

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
