namespace RealNameApi.Caching.Redis;

/// <summary>
/// How every asynchronous Redis command is awaited, for two faults of StackExchange.Redis 1.2.6
/// on .NET (both shown in the tests):
/// <list type="bullet">
/// <item>its timeouts apply to synchronous commands only: an asynchronous command sent to a server
/// that stopped answering stays pending until the socket fails, so the timeout is enforced here;</item>
/// <item>it runs continuations inline on its single async-completion worker, so the caller's code
/// (a diagnosis, the rest of a request) would hold up every other command's completion; the
/// continuation is moved to the thread pool instead.</item>
/// </list>
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
        finally
        {
            await LeaveCompletionWorker();
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
        finally
        {
            await LeaveCompletionWorker();
        }
    }

    // Whatever thread completed the command, the caller goes on from the thread pool.
    private static System.Runtime.CompilerServices.ConfiguredTaskAwaitable LeaveCompletionWorker() =>
        Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);

    // The abandoned command is still queued in the multiplexer; observe its eventual failure so
    // it is not reported as an unobserved task exception.
    private static void ObserveLater(Task task) =>
        task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
