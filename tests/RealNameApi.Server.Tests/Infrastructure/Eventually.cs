using System.Diagnostics;

namespace RealNameApi.Server.Tests.Infrastructure;

public static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds, failing with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan timeout, TimeSpan? interval = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"Not within {timeout}: {what}");
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(50));
        }
    }
}
