using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RealNameApi.Caching.Telemetry;

/// <summary>
/// The caching library's instruments and spans, on the meter and activity source
/// <c>RealNameApi.Caching</c>. Every label value is a constant of this file or an exception type
/// name: never a key, a case id, a value or an exception message.
/// </summary>
/// <remarks>
/// Static, as the .NET guidance allows for a library whose types are also made without DI (the
/// embedded store's eviction counter, in <c>EvictionReport</c>, is on the same meter).
/// StackExchange.Redis 3 has no meter or activity source of its own, so the Redis work is
/// measured here, where the library issues it.
/// </remarks>
public static class CachingTelemetry
{
    /// <summary>The name of the meter and of the activity source.</summary>
    public const string Name = "RealNameApi.Caching";

    /// <summary>The in-process tier of the result cache.</summary>
    public const string MemoryTier = "memory";

    /// <summary>The Redis tier of the result cache.</summary>
    public const string RedisTier = "redis";

    private static readonly Meter Meter = new(Name);
    private static readonly ActivitySource Source = new(Name);

    private static readonly Counter<long> Lookups = Meter.CreateCounter<long>(
        "realname.cache.lookups", "{lookup}",
        "Result cache lookups by tier (memory, redis) and result (hit, miss; for redis also error, and skipped while the circuit breaker is open).");

    private static readonly Counter<long> Computations = Meter.CreateCounter<long>(
        "realname.cache.computations", "{answer}",
        "Answers computed because neither tier held them (or the Redis one held unreadable bytes).");

    private static readonly Counter<long> RedisErrors = Meter.CreateCounter<long>(
        "realname.redis.errors", "{error}",
        "Failed or timed-out Redis commands by operation (cache.read, cache.write, status.record, status.read, status.count) and error.type (the exception's type name).");

    internal static void MemoryLookup(bool hit) =>
        Lookups.Add(1, new KeyValuePair<string, object?>("tier", MemoryTier), new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"));

    internal static void RedisLookup(string result) =>
        Lookups.Add(1, new KeyValuePair<string, object?>("tier", RedisTier), new KeyValuePair<string, object?>("result", result));

    internal static void Computed() => Computations.Add(1);

    internal static void RedisError(string operation, Exception error) =>
        RedisErrors.Add(1, new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("error.type", error.GetType().Name));

    /// <summary>
    /// A client span for one Redis operation, child of the current call's span; null when no one
    /// listens. Tagged with the operation only: keys and arguments are keyed hashes or case data.
    /// </summary>
    internal static Activity? StartRedis(string operation)
    {
        var activity = Source.StartActivity("redis " + operation, ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag("db.system.name", "redis");
            activity.SetTag("db.operation.name", operation);
        }

        return activity;
    }

    /// <summary>Marks a span failed, by the exception's type only.</summary>
    internal static void Failed(Activity? activity, Exception error)
    {
        if (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error);
            activity.SetTag("error.type", error.GetType().Name);
        }
    }
}
