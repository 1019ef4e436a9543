namespace RealNameApi.Caching.Redis;

/// <summary>
/// Bounds asynchronous Redis commands. StackExchange.Redis 1.2.6 applies its timeouts to
/// synchronous commands only: an asynchronous command sent to a server that stopped answering
/// stays pending until the socket fails (see the tests), so every awaited command goes through here.
/// </summary>
internal static class TaskTimeouts
{
    public static async Task<T> WithTimeout<T>(this Task<T> task, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        try
        {
            return await task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            ObserveLater(task);
            throw;
        }
    }

    public static async Task WithTimeout(this Task task, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        try
        {
            await task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            ObserveLater(task);
            throw;
        }
    }

    // The abandoned command is still queued in the multiplexer; observe its eventual failure so
    // it is not reported as an unobserved task exception.
    private static void ObserveLater(Task task) =>
        task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
