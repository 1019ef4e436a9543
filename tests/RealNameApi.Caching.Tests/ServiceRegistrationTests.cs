using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RealNameApi.Caching.Health;
using RealNameApi.Caching.Keys;
using RealNameApi.Caching.Redis;
using RealNameApi.Caching.Results;
using RealNameApi.Caching.Status;
using RealNameApi.Caching.Tests.Infrastructure;
using RealNameApi.Contracts.V1;

namespace RealNameApi.Caching.Tests;

/// <summary><c>AddRealNameCaching</c> as the composition root uses it, with real configuration.</summary>
[Collection(SharedRedis.Name)]
public sealed class ServiceRegistrationTests(RedisWithAdmin redis)
{
    [Fact]
    public async Task With_no_Redis_configured_everything_runs_in_process()
    {
        await using var services = Build([]);

        Assert.IsType<InMemoryStatusStore>(services.GetRequiredService<IVerificationStatusStore>());
        Assert.Equal(CacheHealthStatus.Healthy, services.GetRequiredService<ICacheHealth>().Status);
        Assert.Null(services.GetService<IDistributedCache>());
        Assert.Empty(services.GetServices<IHostedService>());
        var key = services.GetRequiredService<KeyedHasher>().ResultKey("diagnose", Parts.PersonalRequest(), "c1", "en", new DateOnly(2026, 1, 1));
        var cache = services.GetRequiredService<IResultCache>();
        await cache.GetOrCreateAsync(key, () => Parts.Answer());
        Assert.Equal(Parts.Answer(), await cache.GetOrCreateAsync(key, () => Parts.Answer("dayu.recomputed")));
    }

    [Fact]
    public async Task With_Redis_configured_answers_and_cases_are_shared_through_it()
    {
        var prefix = Parts.UniquePrefix();
        await using var services = Build(new()
        {
            ["Redis:Configuration"] = redis.Configuration,
            ["Redis:KeyPrefix"] = prefix,
            ["Redis:AsyncTimeout"] = "00:00:02",
            ["Redis:SyncTimeout"] = "00:00:02",
            ["Cache:KeySecret"] = Parts.Secret,
            ["Cache:Ttl"] = "00:05:00",
        });

        // Until the multiplexer is connected, commands fail at once (and answers are computed).
        await Eventually.HoldsAsync(() => services.GetRequiredService<RedisConnection>().IsConnected, "connected", TimeSpan.FromSeconds(20));
        Assert.IsType<RedisStatusStore>(services.GetRequiredService<IVerificationStatusStore>());
        Assert.IsType<RedisDistributedCache>(services.GetRequiredService<IDistributedCache>());
        Assert.IsType<RedisBreakers>(services.GetRequiredService<ICacheHealth>());
        Assert.Single(services.GetServices<IHostedService>().OfType<RedisHealthProbe>());

        var hasher = services.GetRequiredService<KeyedHasher>();
        var key = hasher.ResultKey("diagnose", Parts.PersonalRequest(), "c1", "en", new DateOnly(2026, 1, 1));
        await services.GetRequiredService<IResultCache>().GetOrCreateAsync(key, () => Parts.Answer());
        Assert.StartsWith(TestTenant.ResultPrefix(prefix) + "diagnose:", key.Value, StringComparison.Ordinal);
        await Eventually.HoldsAsync(async () => await redis.Admin.GetDatabase().KeyExistsAsync(key.Value), "the answer in Redis");
        var ttl = await redis.Admin.GetDatabase().KeyTimeToLiveAsync(key.Value);
        Assert.InRange(ttl ?? TimeSpan.Zero, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5.5));

        var store = services.GetRequiredService<IVerificationStatusStore>();
        var caseId = hasher.CaseId("case-1");
        Assert.True(await store.RecordAsync(caseId, Parts.Diagnosis(Outcome.Final)));
        Assert.Equal(VerificationState.Final, (await store.GetAsync(caseId))?.State);
        Assert.True(await redis.Admin.GetDatabase().HashExistsAsync(TestTenant.StatusPrefix(prefix) + "cases", caseId));
    }

    [Fact]
    public async Task Bad_settings_stop_the_start_with_messages_naming_the_keys()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cache:KeySecret"] = "short",
            ["Cache:TtlJitter"] = "0.9",
            ["Redis:AsyncTimeout"] = "00:00:00",
            ["Status:MinimumRetention"] = "10.00:00:00",
            ["Status:MaximumRetention"] = "1.00:00:00",
        });
        builder.Services.AddRealNameCaching(builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<AggregateException>(() => host.StartAsync());
        Assert.All(error.InnerExceptions, e => Assert.IsType<OptionsValidationException>(e));
        var all = error.Message;

        Assert.Contains("Cache:KeySecret", all, StringComparison.Ordinal);
        Assert.Contains("Cache:TtlJitter", all, StringComparison.Ordinal);
        Assert.Contains("Redis:AsyncTimeout", all, StringComparison.Ordinal);
        Assert.Contains("Status:MaximumRetention", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_connection_string_is_refused_without_repeating_it()
    {
        await using var services = Build(new() { ["Redis:Configuration"] = "127.0.0.1:1,password=hunter2-secret,nosuchoption=1" });

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<RedisConnection>());

        Assert.Contains("Redis:Configuration", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.ToString(), StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddRealNameCaching(configuration).BuildServiceProvider();
    }
}
