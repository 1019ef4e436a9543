using Google.Protobuf;
using RealNameApi.Caching.Keys;
using RealNameApi.Caching.Results;
using RealNameApi.Caching.Tests.Infrastructure;
using RealNameApi.Contracts.V1;

namespace RealNameApi.Caching.Tests.Results;

/// <summary>What the result cache does whichever tiers it has; run in process only and with Redis.</summary>
public abstract class ResultCacheBehaviour : IDisposable
{
    private readonly List<IDisposable> _owned = [];
    private int _requestNumber;

    protected KeyedHasher Hasher { get; } = Parts.Hasher(prefix: Parts.UniquePrefix());

    public virtual void Dispose()
    {
        // Last made, first disposed: stores before the connections they use.
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>A cache over the tiers under test; several calls give caches sharing the shared tier, if any.</summary>
    protected abstract ResultCache NewCache();

    protected ResultCache Cache() => Own(NewCache());

    protected T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    /// <summary>A key no other test uses.</summary>
    protected ResultCacheKey NewKey(string kind = "diagnose") =>
        Hasher.ResultKey(kind, Parts.PersonalRequest($"message {Interlocked.Increment(ref _requestNumber)}"), "c1", "zh-CN", new DateOnly(2026, 9, 30));

    [Fact]
    public async Task A_miss_computes_and_a_hit_returns_the_computed_answer_without_computing()
    {
        var cache = Cache();
        var key = NewKey();
        var computed = 0;
        DiagnoseResponse Compute()
        {
            computed++;
            return Parts.Answer();
        }

        var first = await cache.GetOrCreateAsync(key, Compute);
        var second = await cache.GetOrCreateAsync(key, Compute);

        Assert.Equal(1, computed);
        Assert.Equal(Parts.Answer(), first);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Different_keys_hold_different_answers()
    {
        var cache = Cache();
        var a = await cache.GetOrCreateAsync(NewKey(), () => Parts.Answer("dayu.a"));
        var b = await cache.GetOrCreateAsync(NewKey(), () => Parts.Answer("dayu.b"));

        Assert.Equal("dayu.a", a.Diagnosis.RuleId);
        Assert.Equal("dayu.b", b.Diagnosis.RuleId);
    }

    [Fact]
    public async Task A_hundred_concurrent_identical_requests_compute_once()
    {
        var cache = Cache();
        var key = NewKey();
        var computed = 0;
        var issued = 0;
        using var computing = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        DiagnoseResponse Compute()
        {
            Interlocked.Increment(ref computed);
            computing.Set();
            release.Wait(TimeSpan.FromSeconds(30));
            return Parts.Answer();
        }

        var requests = Enumerable.Range(0, 100).Select(_ => Task.Run(async () =>
        {
            var pending = cache.GetOrCreateAsync(key, Compute);
            Interlocked.Increment(ref issued);
            return await pending;
        })).ToArray();

        // Every request is in before the computation may finish: all but the computing one
        // have their pending answer (the computing one may be blocked inside the call).
        await Eventually.HoldsAsync(() => computing.IsSet && Volatile.Read(ref issued) >= 99, "all requests issued while computing");
        release.Set();
        var answers = await Task.WhenAll(requests);

        Assert.Equal(1, computed);
        Assert.All(answers, a => Assert.Equal(Parts.Answer(), a));
    }

    [Fact]
    public async Task A_failed_computation_reaches_every_waiting_caller_and_is_not_cached()
    {
        var cache = Cache();
        var key = NewKey();
        using var release = new ManualResetEventSlim();
        using var computing = new ManualResetEventSlim();
        var first = Task.Run(async () => await cache.GetOrCreateAsync<DiagnoseResponse>(key, () =>
        {
            computing.Set();
            release.Wait(TimeSpan.FromSeconds(30));
            throw new ArgumentException("bad request");
        }));
        // The failing computation runs first (a fixed delay was not always enough on a loaded machine).
        Assert.True(computing.Wait(TimeSpan.FromSeconds(30)));
        var joined = cache.GetOrCreateAsync(key, () => Parts.Answer()).AsTask();
        release.Set();

        await Assert.ThrowsAsync<ArgumentException>(() => first);
        var joinedError = await Record.ExceptionAsync(() => joined);
        var afterwards = await cache.GetOrCreateAsync(key, () => Parts.Answer("dayu.after"));

        Assert.True(joinedError is null or ArgumentException);
        Assert.Equal("dayu.after", afterwards.Diagnosis.RuleId);
    }

    [Fact]
    public async Task A_caller_giving_up_does_not_cancel_the_computation_others_wait_for()
    {
        var cache = Cache();
        var key = NewKey();
        using var release = new ManualResetEventSlim();
        using var computing = new ManualResetEventSlim();
        using var impatient = new CancellationTokenSource();
        var owner = Task.Run(async () => await cache.GetOrCreateAsync(key, () =>
        {
            computing.Set();
            release.Wait(TimeSpan.FromSeconds(30));
            return Parts.Answer();
        }));
        // The owner's computation runs before the impatient caller joins it.
        Assert.True(computing.Wait(TimeSpan.FromSeconds(10)));
        var waiting = cache.GetOrCreateAsync(key, () => Parts.Answer(), impatient.Token).AsTask();

        // The impatient caller's wait ends while the computation still runs...
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        release.Set();

        // ...and the computation goes on, for the owner and for the cache.
        Assert.Equal(Parts.Answer(), await owner);
        var computed = false;
        Assert.Equal(Parts.Answer(), await cache.GetOrCreateAsync(key, () =>
        {
            computed = true;
            return Parts.Answer();
        }));
        Assert.False(computed);
    }

    [Fact]
    public async Task The_encoded_overload_gives_the_answer_with_its_protobuf_bytes_once_computed_then_cached()
    {
        var cache = Cache();
        var key = NewKey();

        var first = await cache.GetOrCreateEncodedAsync(key, 0, static _ => Parts.Answer());
        var second = await cache.GetOrCreateEncodedAsync(key, 0, static _ => Parts.Answer("dayu.other"));
        var third = await cache.GetOrCreateEncodedAsync(key, 0, static _ => Parts.Answer("dayu.other"));
        var message = await cache.GetOrCreateAsync(key, () => Parts.Answer("dayu.other"));

        Assert.Equal(Parts.Answer(), first.Message);
        Assert.Equal(Parts.Answer().ToByteArray(), first.Encoding.ToArray());
        // The entry holds the bytes; the first hit parses them, and later hits share that message.
        Assert.Equal(first.Encoding.ToArray(), second.Encoding.ToArray());
        Assert.Equal(Parts.Answer(), second.Message);
        Assert.Same(second, third);
        Assert.Same(second.Message, message);
    }

    [Fact]
    public async Task The_state_overload_passes_its_state_to_the_computation()
    {
        var cache = Cache();
        var request = Parts.PersonalRequest();

        var answer = await cache.GetOrCreateAsync(NewKey(), request, static r => Parts.Answer($"dayu.{r.Code}"));

        Assert.Equal("dayu.4001", answer.Diagnosis.RuleId);
    }
}
