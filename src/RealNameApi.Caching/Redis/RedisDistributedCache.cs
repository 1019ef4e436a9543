using Microsoft.Extensions.Caching.Distributed;

namespace RealNameApi.Caching.Redis;

/// <summary>
/// <see cref="IDistributedCache"/> over StackExchange.Redis 1.2.6: values are plain Redis strings
/// with an absolute expiry. A deployment whose package registry serves
/// Microsoft.Extensions.Caching.StackExchangeRedis can register that instead, in one place
/// (<see cref="CachingServiceCollectionExtensions"/>).
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
        await _connection.Database.StringGetAsync(key).WithTimeout(_connection.AsyncTimeout, token).ConfigureAwait(false);

    /// <inheritdoc/>
    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) =>
        _connection.Database.StringSet(key, value, ExpiryOf(options));

    /// <inheritdoc/>
    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        _connection.Database.StringSetAsync(key, value, ExpiryOf(options)).WithTimeout(_connection.AsyncTimeout, token);

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
        _connection.Database.KeyDeleteAsync(key).WithTimeout(_connection.AsyncTimeout, token);

    private TimeSpan? ExpiryOf(DistributedCacheEntryOptions options)
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

        return expiry;
    }
}
