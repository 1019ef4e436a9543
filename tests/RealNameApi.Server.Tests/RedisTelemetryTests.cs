using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using RealNameApi.Client;
using RealNameApi.Contracts.V1;
using RealNameApi.Server.Tests.Infrastructure;
using RealNameApi.Testing;
using static RealNameApi.Server.Tests.Infrastructure.Calls;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace RealNameApi.Server.Tests;

/// <summary>
/// Redis stops under the real server, run with no span exporter: the failures count on
/// <c>realname.redis.errors</c>, the open breaker shows on its gauge, lookups skip Redis, and the
/// warnings name the trace of the call that met the failure.
/// </summary>
public sealed class RedisTelemetryTests
{
    [Fact(Timeout = 90_000)]
    public async Task Redis_failures_show_as_errors_an_open_breaker_and_warnings_with_the_callers_trace_id()
    {
        using var redis = new RedisServer();
        await using var server = await ServerProcess.StartAsync("redis-telemetry", [.. TwoServersOnOneRedis.Configuration(redis), "--Redis:FailureThreshold=2"]);
        using var channel = server.CreateChannel();
        var remediation = new RemediationService.RemediationServiceClient(channel);
        await remediation.DiagnoseAsync(new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch }, Options());

        redis.Stop();

        // Each call a request of its own (a day of its own), so each goes to Redis; each with a trace of its own.
        var traceIds = new List<string>();
        var day = 0;
        var clock = Stopwatch.StartNew();
        while (await HealthChecks.CheckAsync(channel, HealthChecks.Cache) == ServingStatus.Serving)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the breaker did not open within 30 s of Redis stopping");
            await DiagnoseTracedAsync();
        }

        // With the breaker open, the next lookup does not try Redis.
        await DiagnoseTracedAsync();

        var scrape = await PrometheusScrape.ReadAsync(server);
        var errors = scrape.Of("realname_redis_errors_total");
        Assert.NotEmpty(errors);
        Assert.All(errors, s =>
        {
            Assert.Equal(["error_type", "operation"], s.OwnLabelNames.Order());
            Assert.Contains(s["operation"], new HashSet<string> { "cache.read", "cache.write", "status.record", "status.read", "status.count" });
            Assert.Matches("^[A-Za-z]+$", s["error_type"]);
        });
        Assert.True(scrape.Sum("realname_redis_errors_total", ("operation", "cache.read")) >= 1);
        Assert.Equal(1, Assert.Single(scrape.Of("realname_redis_breaker_open")).Value);
        Assert.True(scrape.Sum("realname_cache_lookups_total", ("tier", "redis"), ("result", "error")) >= 1);
        Assert.True(scrape.Sum("realname_cache_lookups_total", ("tier", "redis"), ("result", "skipped")) >= 1);

        // The cache is read on HybridCache's own worker, yet its warning carries the caller's trace id.
        var readFailures = server.Problems.Where(p => p.Contains("Reading the shared cache failed", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(readFailures);
        Assert.Contains(readFailures, p => traceIds.Any(id => p.Contains($"TraceId:{id}", StringComparison.Ordinal)));

        async Task DiagnoseTracedAsync()
        {
            var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
            traceIds.Add(traceId);
            var headers = new Metadata { { "traceparent", $"00-{traceId}-{Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.NextInt64()))}-01" } };
            var response = await remediation.DiagnoseAsync(new DiagnoseRequest
            {
                Platform = "dayu",
                Message = FaceMismatch,
                OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-++day)),
                CaseRef = NewCaseRef("redis-telemetry"),
            }, Options(headers: headers));
            Assert.Equal(Category.FaceMismatch, response.Diagnosis.Category);
        }
    }
}
