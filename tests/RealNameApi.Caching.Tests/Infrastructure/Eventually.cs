using System.Diagnostics;
using StackExchange.Redis;

namespace RealNameApi.Caching.Tests.Infrastructure;

public static class Eventually
{
    /// <summary>
    /// Polls until <paramref name="condition"/> holds, failing with <paramref name="what"/> after <paramref name="timeout"/>.
    /// A Redis error while polling counts as "not yet": after a restart the tests' own admin connection
    /// reconnects on its heartbeat, up to a second or two after the connection under test, and until
    /// then its commands wait in the backlog and time out (<see cref="RedisTimeoutException"/> is a
    /// <see cref="TimeoutException"/>, not a <see cref="RedisException"/>).
    /// </summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (!await HoldsNowAsync())
        {
            if (clock.Elapsed > limit)
            {
                Assert.Fail($"Not within {limit}: {what}{(last is null ? "" : $" (last Redis error: {last.GetType().Name}: {last.Message})")}");
            }

            await Task.Delay(20);
        }

        async Task<bool> HoldsNowAsync()
        {
            try
            {
                return await condition();
            }
            catch (Exception e) when (e is RedisException or RedisTimeoutException)
            {
                last = e;
                return false;
            }
        }
    }

    public static Task HoldsAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        HoldsAsync(() => Task.FromResult(condition()), what, timeout);
}
