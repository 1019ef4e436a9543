using System.Diagnostics;
using System.Net.Sockets;

namespace RealNameApi.Testing;

/// <summary>Polling a launched deployment until it says it is ready, for the Redis launchers.</summary>
internal static class Readiness
{
    /// <summary>
    /// Asks <paramref name="unreadyReason"/> every 100 ms until it answers an empty reason; a
    /// connection that fails meanwhile is a reason too. Past <paramref name="limit"/>, throws
    /// with <paramref name="what"/> and the last reason.
    /// </summary>
    public static async Task WaitUntilAsync(string what, TimeSpan limit, Func<Task<string>> unreadyReason, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var last = "";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                last = await unreadyReason();
                if (last.Length == 0)
                {
                    return;
                }
            }
            catch (Exception e) when (e is SocketException or IOException or InvalidOperationException or OperationCanceledException)
            {
                last = e.Message;
            }

            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"{what} within {limit.TotalSeconds:0} s: {last}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
