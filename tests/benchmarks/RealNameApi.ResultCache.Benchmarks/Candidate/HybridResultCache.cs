using Google.Protobuf;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RealNameApi.Caching.Configuration;
using RealNameApi.Caching.Health;
using RealNameApi.Caching.Keys;
using RealNameApi.Caching.Results;

namespace RealNameApi.ResultCache.Benchmarks.Candidate;

/// <summary>
/// The candidate that measured slower than the shipped cache, so it is not shipped: the result
/// cache on HybridCache over Microsoft.Extensions.Caching.StackExchangeRedis: an in-process tier, then Redis, then one
/// computation per key at a time whose answer is kept in process and written to Redis in the
/// background. Redis is reached through the circuit breaker and never fails a caller.
/// </summary>
public sealed class HybridResultCache : IResultCache, IDisposable
{
    // Each entry gets one of these lifetimes, Ttl ± TtlJitter, so entries written in one burst do
    // not expire in one burst. Made once: HybridCache takes its entry options per call, also on hits.
    private const int LifetimeSteps = 64;

    private readonly ServiceProvider _services;
    private readonly HybridCache _hybrid;
    private readonly HybridCacheEntryOptions[] _lifetimes;
    private readonly ILogger _logger;

    /// <summary>Creates the cache.</summary>
    /// <param name="options">Lifetimes and the in-process size limit.</param>
    /// <param name="distributed">The shared tier, or null for an in-process cache only.</param>
    /// <param name="breaker">Guards the shared tier; required with <paramref name="distributed"/>.</param>
    /// <param name="logger">Where Redis failures are reported.</param>
    /// <param name="loggerFactory">Where HybridCache reports its own problems (none by default).</param>
    public HybridResultCache(CacheOptions options, IDistributedCache? distributed, CircuitBreaker? breaker, ILogger logger, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        if (distributed is not null && breaker is null)
        {
            throw new ArgumentNullException(nameof(breaker), "A distributed tier needs a circuit breaker.");
        }

        _logger = logger;
        _lifetimes = new HybridCacheEntryOptions[LifetimeSteps];
        for (var i = 0; i < LifetimeSteps; i++)
        {
            var lifetime = options.Ttl * (1 + (options.TtlJitter * ((2.0 * i / (LifetimeSteps - 1)) - 1)));
            _lifetimes[i] = new HybridCacheEntryOptions { Expiration = lifetime, LocalCacheExpiration = lifetime };
        }

        // HybridCache takes its in-process tier (IMemoryCache) and its Redis tier
        // (IDistributedCache) from a service provider. This one is the cache's own, so that the
        // in-process tier has its own size limit and the Redis tier is the guarded one, whatever
        // else the host registers under those interfaces.
        var services = new ServiceCollection()
            .AddSingleton(loggerFactory ?? NullLoggerFactory.Instance)
            .AddMemoryCache(o => o.SizeLimit = options.MemorySizeLimit);
        if (distributed is not null)
        {
            services.AddSingleton<IDistributedCache>(new GuardedDistributedCache(distributed, breaker!, logger));
        }

        services.AddHybridCache(o => o.DefaultEntryOptions = _lifetimes[LifetimeSteps / 2])
            .AddSerializerFactory(new CachedAnswerSerializerFactory());
        _services = services.BuildServiceProvider();
        _hybrid = _services.GetRequiredService<HybridCache>();
    }

    /// <inheritdoc/>
    public ValueTask<T> GetOrCreateAsync<T>(ResultCacheKey key, Func<T> compute, CancellationToken cancellationToken = default)
        where T : class, IMessage<T>, new()
    {
        ArgumentNullException.ThrowIfNull(compute);
        return GetOrCreateAsync(key, compute, static c => c(), cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<T> GetOrCreateAsync<TState, T>(ResultCacheKey key, TState state, Func<TState, T> compute, CancellationToken cancellationToken = default)
        where T : class, IMessage<T>, new()
    {
        if (key.Value is null)
        {
            throw new ArgumentException("The key was not made by KeyedHasher.", nameof(key));
        }

        ArgumentNullException.ThrowIfNull(compute);
        var pending = _hybrid.GetOrCreateAsync(
            key.Value,
            (state, compute),
            static (s, _) => ValueTask.FromResult(new CachedAnswer<T>(s.compute(s.state))),
            NextLifetime(),
            null,
            cancellationToken);
        if (pending.IsCompletedSuccessfully)
        {
            // An in-process hit: no allocation on this path.
            return ValueTask.FromResult(pending.Result.Value ?? Recompute(key.Value, state, compute));
        }

        return new ValueTask<T>(AnswerAsync(pending, key.Value, state, compute));
    }

    /// <inheritdoc/>
    public void Dispose() => _services.Dispose();

    private async Task<T> AnswerAsync<TState, T>(ValueTask<CachedAnswer<T>> pending, string key, TState state, Func<TState, T> compute)
        where T : class, IMessage<T>, new()
    {
        var cached = await pending.ConfigureAwait(false);
        return cached.Value ?? Recompute(key, state, compute);
    }

    // Redis held bytes that are not this message: compute, and overwrite both tiers (the
    // in-process one at once, Redis in the background).
    private T Recompute<TState, T>(string key, TState state, Func<TState, T> compute)
        where T : class, IMessage<T>, new()
    {
        _logger.LogWarning("A shared cache value could not be read as {MessageType}.", typeof(T).Name);
        var answer = compute(state);
        _ = OverwriteAsync(key, new CachedAnswer<T>(answer));
        return answer;
    }

    private async Task OverwriteAsync<T>(string key, CachedAnswer<T> answer)
        where T : class, IMessage<T>, new()
    {
        // Redis failures are handled by the guarded tier; nothing else here can fail.
        await _hybrid.SetAsync(key, answer, NextLifetime()).ConfigureAwait(false);
    }

    private HybridCacheEntryOptions NextLifetime() => _lifetimes[Random.Shared.Next(LifetimeSteps)];
}
