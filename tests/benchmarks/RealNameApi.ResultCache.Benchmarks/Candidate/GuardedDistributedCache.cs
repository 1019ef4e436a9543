using System.Buffers;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;
using RealNameApi.Caching.Health;
using StackExchange.Redis;

namespace RealNameApi.ResultCache.Benchmarks.Candidate;

/// <summary>
/// The Redis tier as HybridCache sees it: calls pass the circuit breaker, and a failure or a
/// timeout is recorded there, logged by type only and answered as a miss (reads) or dropped
/// (writes), so HybridCache computes the answer and Redis never fails a caller.
/// </summary>
internal sealed class GuardedDistributedCache : IBufferDistributedCache
{
    // HybridCache reads the invalidation time of its wildcard tag from this tier when it starts,
    // under a fixed name outside any key prefix. The result cache uses no tags and never
    // invalidates by tag, so there is nothing to read; this saves the key and the round trip.
    private const string TagInvalidationKeyPrefix = "__MSFT_HCT__";

    private readonly IDistributedCache _inner;
    private readonly IBufferDistributedCache? _buffers;
    private readonly CircuitBreaker _breaker;
    private readonly ILogger _logger;

    public GuardedDistributedCache(IDistributedCache inner, CircuitBreaker breaker, ILogger logger)
    {
        _inner = inner;
        _buffers = inner as IBufferDistributedCache;
        _breaker = breaker;
        _logger = logger;
    }

    public async ValueTask<bool> TryGetAsync(string key, IBufferWriter<byte> destination, CancellationToken token = default)
    {
        if (IsTagInvalidation(key) || !_breaker.TryAcquire())
        {
            return false;
        }

        try
        {
            bool found;
            if (_buffers is not null)
            {
                found = await _buffers.TryGetAsync(key, destination, token).ConfigureAwait(false);
            }
            else if (await _inner.GetAsync(key, token).ConfigureAwait(false) is { } bytes)
            {
                destination.Write(bytes);
                found = true;
            }
            else
            {
                found = false;
            }

            _breaker.RecordSuccess();
            return found;
        }
        catch (RedisServerException e) when (e.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal))
        {
            // Redis answered, but the key holds another type (a string written by an earlier
            // version): remove it, so the computed answer can take its place.
            _breaker.RecordSuccess();
            _logger.LogWarning("A shared cache entry of another type is replaced.");
            await RemoveQuietlyAsync(key).ConfigureAwait(false);
            return false;
        }
        catch (Exception e) when (!(e is OperationCanceledException && token.IsCancellationRequested))
        {
            _breaker.RecordFailure();
            _logger.LogWarning("Reading the shared cache failed ({ErrorType}).", e.GetType().Name);
            return false;
        }
    }

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        var buffer = new ArrayBufferWriter<byte>();
        return await TryGetAsync(key, buffer, token).ConfigureAwait(false) ? buffer.WrittenSpan.ToArray() : null;
    }

    public async ValueTask SetAsync(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        if (IsTagInvalidation(key) || !_breaker.TryAcquire())
        {
            return;
        }

        try
        {
            if (_buffers is not null)
            {
                await _buffers.SetAsync(key, value, options, token).ConfigureAwait(false);
            }
            else
            {
                await _inner.SetAsync(key, value.ToArray(), options, token).ConfigureAwait(false);
            }

            _breaker.RecordSuccess();
        }
        catch (Exception e) when (!(e is OperationCanceledException && token.IsCancellationRequested))
        {
            _breaker.RecordFailure();
            _logger.LogWarning("Writing the shared cache failed ({ErrorType}).", e.GetType().Name);
        }
    }

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        SetAsync(key, new ReadOnlySequence<byte>(value), options, token).AsTask();

    public Task RefreshAsync(string key, CancellationToken token = default) => Task.CompletedTask;

    public async Task RemoveAsync(string key, CancellationToken token = default)
    {
        if (!IsTagInvalidation(key) && _breaker.TryAcquire())
        {
            await RemoveQuietlyAsync(key).ConfigureAwait(false);
        }
    }

    // HybridCache calls only the asynchronous methods. A blocking call would be worse than
    // useless: StackExchange.Redis reads replies on the thread pool, so under load a synchronous
    // command times out although its reply has arrived (shown in tests/RealNameApi.Caching.Tests, RedisClientTests).
    public bool TryGet(string key, IBufferWriter<byte> destination) => throw SynchronousCall();

    public byte[]? Get(string key) => throw SynchronousCall();

    public void Set(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options) => throw SynchronousCall();

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => throw SynchronousCall();

    public void Refresh(string key) => throw SynchronousCall();

    public void Remove(string key) => throw SynchronousCall();

    private static bool IsTagInvalidation(string key) => key.StartsWith(TagInvalidationKeyPrefix, StringComparison.Ordinal);

    private static NotSupportedException SynchronousCall() => new("The result cache's Redis tier is used asynchronously only.");

    private async Task RemoveQuietlyAsync(string key)
    {
        try
        {
            await _inner.RemoveAsync(key).ConfigureAwait(false);
            _breaker.RecordSuccess();
        }
        catch (Exception e)
        {
            _breaker.RecordFailure();
            _logger.LogWarning("Writing the shared cache failed ({ErrorType}).", e.GetType().Name);
        }
    }
}
