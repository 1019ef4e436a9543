using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RealNameApi.Caching.Configuration;
using RealNameApi.Caching.Health;
using RealNameApi.Caching.Keys;
using RealNameApi.Caching.Redis;
using RealNameApi.Caching.Results;
using RealNameApi.Caching.Status;

namespace RealNameApi.Caching;

/// <summary>The composition root's one entry point to the cache and the status store.</summary>
public static class CachingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IResultCache"/>, <see cref="IVerificationStatusStore"/>,
    /// <see cref="ICacheHealth"/> and <see cref="KeyedHasher"/> from the <c>Redis</c>, <c>Cache</c>
    /// and <c>Status</c> sections. With <c>Redis:Configuration</c> empty, everything is in process
    /// (the embedded default); otherwise Redis is shared by every instance and bypassed while it fails.
    /// Options are validated at start-up.
    /// </summary>
    public static IServiceCollection AddRealNameCaching(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        AddValidatedOptions<RedisOptions>(services, configuration.GetSection(RedisOptions.SectionName), o => o.Validate());
        AddValidatedOptions<CacheOptions>(services, configuration.GetSection(CacheOptions.SectionName), o => o.Validate());
        AddValidatedOptions<StatusOptions>(services, configuration.GetSection(StatusOptions.SectionName), o => o.Validate());
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<KeyedHasher>();

        var redis = configuration.GetSection(RedisOptions.SectionName).Get<RedisOptions>() ?? new RedisOptions();
        if (!redis.IsConfigured)
        {
            services.AddSingleton<ICacheHealth, EmbeddedCacheHealth>();
            services.AddSingleton<IResultCache>(sp => new ResultCache(
                sp.GetRequiredService<IOptions<CacheOptions>>().Value, null, null, sp.GetRequiredService<ILogger<ResultCache>>()));
            services.AddSingleton<IVerificationStatusStore>(sp => new InMemoryStatusStore(
                sp.GetRequiredService<KeyedHasher>(),
                sp.GetRequiredService<IOptions<StatusOptions>>().Value,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<InMemoryStatusStore>>()));
            return services;
        }

        services.AddSingleton<RedisConnection>();
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<RedisOptions>>().Value;
            return new RedisBreakers(
                o.FailureThreshold, o.BreakDuration, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<CircuitBreaker>>(),
                sp.GetRequiredService<RedisConnection>());
        });
        services.AddSingleton<ICacheHealth>(sp => sp.GetRequiredService<RedisBreakers>());

        // The shared tier: plain strings on the process's one multiplexer (RedisDistributedCache
        // says why not AddStackExchangeRedisCache under HybridCache: measured slower here).
        services.AddSingleton<IDistributedCache, RedisDistributedCache>();

        services.AddSingleton<IResultCache>(sp => new ResultCache(
            sp.GetRequiredService<IOptions<CacheOptions>>().Value,
            sp.GetRequiredService<IDistributedCache>(),
            sp.GetRequiredService<RedisBreakers>(),
            sp.GetRequiredService<ILogger<ResultCache>>()));
        services.AddSingleton<IVerificationStatusStore>(sp => new RedisStatusStore(
            sp.GetRequiredService<RedisConnection>(),
            sp.GetRequiredService<RedisBreakers>(),
            sp.GetRequiredService<KeyedHasher>(),
            sp.GetRequiredService<IOptions<StatusOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<RedisStatusStore>>()));
        services.AddHostedService<RedisHealthProbe>();
        return services;
    }

    private static void AddValidatedOptions<T>(IServiceCollection services, IConfigurationSection section, Func<T, IEnumerable<string>> validate)
        where T : class
    {
        services.AddOptions<T>()
            .Bind(section)
            .ValidateOnStart()
            .Services.AddSingleton<IValidateOptions<T>>(new Validator<T>(validate));
    }

    private sealed class Validator<T>(Func<T, IEnumerable<string>> validate) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var failures = validate(options).ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
