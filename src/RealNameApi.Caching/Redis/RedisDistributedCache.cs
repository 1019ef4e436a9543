using Microsoft.Extensions.Caching.Distributed;
using StackExchange.Redis;

namespace RealNameApi.Caching.Redis;

/// <summary>
/// <see cref="IDistributedCache"/> over StackExchange.Redis: values are plain Redis strings with
/// an absolute expiry, one GET or SET each. Microsoft.Extensions.Caching.StackExchangeRedis (a
/// hash per entry, a MULTI/HSET/EXPIRE/EXEC per write) under HybridCache measured slower for
/// this cache (tests/benchmarks/RealNameApi.ResultCache.Benchmarks). Every command is bounded by
/// the client's own timeout (<c>Redis:AsyncTimeout</c>); a caller's token only ends its wait,
/// as the client takes none.
/// </summary>
public sealed class RedisDistributedCache : IDistributedCache
{
    private readonly RedisConnection _connection;
    private readonly TimeProvider _time;

    /// <summary>Creates the cache over a connection.</summary>
    public RedisDistributedCache(RedisConnection connection, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(time);
        _connection = connection;
        _time = time;
    }

    /// <inheritdoc/>
    public byte[]? Get(string key) => _connection.Database.StringGet(key);

    /// <inheritdoc/>
    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default) =>
        await _connection.Database.StringGetAsync(key).WaitAsync(token).ConfigureAwait(false);

    /// <inheritdoc/>
    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) =>
        _connection.Database.StringSet(key, value, ExpiryOf(options));

    /// <inheritdoc/>
    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        _connection.Database.StringSetAsync(key, value, ExpiryOf(options)).WaitAsync(token);

    /// <inheritdoc/>
    /// <remarks>Refreshing only extends sliding expirations, and this cache stores absolute ones only.</remarks>
    public void Refresh(string key)
    {
    }

    /// <inheritdoc/>
    /// <remarks>Refreshing only extends sliding expirations, and this cache stores absolute ones only.</remarks>
    public Task RefreshAsync(string key, CancellationToken token = default) =>
        token.IsCancellationRequested ? Task.FromCanceled(token) : Task.CompletedTask;

    /// <inheritdoc/>
    public void Remove(string key) => _connection.Database.KeyDelete(key);

    /// <inheritdoc/>
    public Task RemoveAsync(string key, CancellationToken token = default) =>
        _connection.Database.KeyDeleteAsync(key).WaitAsync(token);

    private Expiration ExpiryOf(DistributedCacheEntryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.SlidingExpiration is not null)
        {
            throw new NotSupportedException("Sliding expiration is not supported by this cache; use an absolute expiration.");
        }

        var expiry = options.AbsoluteExpirationRelativeToNow
            ?? (options.AbsoluteExpiration is { } at ? at - _time.GetUtcNow() : null);
        if (expiry <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "The absolute expiration must be in the future.");
        }

        return expiry is { } relative ? new Expiration(relative) : Expiration.Persist;
    }
}
