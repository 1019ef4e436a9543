using System.Collections.Concurrent;

namespace RealNameApi.Rpc.Tests.Infrastructure;

/// <summary>What handlers saw, by the request's <c>call_id</c>: that they started waiting, and why their token fired.</summary>
public sealed class CallObserver
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _started = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _cancelled = new();

    public void Started(string callId) => Get(_started, callId).TrySetResult();

    public void Cancelled(string callId, string reason) => Get(_cancelled, callId).TrySetResult(reason);

    public Task WaitStartedAsync(string callId) => Get(_started, callId).Task.WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>"deadline" or "client", once the handler's token fired.</summary>
    public Task<string> WaitCancelledAsync(string callId) => Get(_cancelled, callId).Task.WaitAsync(TimeSpan.FromSeconds(10));

    private static T Get<T>(ConcurrentDictionary<string, T> map, string callId)
        where T : new() => map.GetOrAdd(callId, _ => new T());
}
