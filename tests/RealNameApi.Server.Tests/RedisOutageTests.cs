using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using RealNameApi.Client;
using RealNameApi.Contracts.V1;
using Grpc.Core;
using RealNameApi.Server.Tests.Infrastructure;
using RealNameApi.Testing;
using Xunit.Abstractions;
using static RealNameApi.Server.Tests.Infrastructure.Calls;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace RealNameApi.Server.Tests;

/// <summary>
/// Redis dies under a running server and comes back on the same port: callers never see it
/// (answers are computed directly), only the cache's own health name does; the server recovers
/// without a restart.
/// </summary>
public sealed class RedisOutageTests(ITestOutputHelper output)
{
    [Fact(Timeout = 120_000)]
    public async Task Diagnose_keeps_answering_while_Redis_is_down_and_the_cache_health_recovers_when_it_returns()
    {
        using var redis = new RedisServer();
        await using var server = await ServerProcess.StartAsync("outage", TwoServersOnOneRedis.Configuration(redis));
        using var channel = server.CreateChannel();
        var remediation = new RemediationService.RemediationServiceClient(channel);
        var statuses = new VerificationStatusService.VerificationStatusServiceClient(channel);
        var pid = server.ProcessId;

        var before = NewCaseRef("before-outage");
        await remediation.DiagnoseAsync(new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch, CaseRef = before }, Options());
        Assert.Equal(VerificationState.ActionRequired, (await statuses.GetVerificationStatusAsync(new GetVerificationStatusRequest { CaseRef = before }, Options())).Status.State);
        Assert.Equal(ServingStatus.Serving, await HealthChecks.CheckAsync(channel, HealthChecks.Cache));

        redis.Stop();

        // Requests the in-process tier has not seen (each for a day of its own), so each goes to
        // Redis, fails there and is answered anyway. Every one must succeed.
        var day = 0;
        var calls = 0;
        var clock = Stopwatch.StartNew();
        while (await HealthChecks.CheckAsync(channel, HealthChecks.Cache) == ServingStatus.Serving)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"realname.cache still SERVING {clock.Elapsed} after Redis stopped, after {calls} calls");
            var response = await remediation.DiagnoseAsync(new DiagnoseRequest
            {
                Platform = "dayu",
                Message = FaceMismatch,
                OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-++day)),
                CaseRef = NewCaseRef("during-outage"),
            }, Options());
            Assert.Equal(Category.FaceMismatch, response.Diagnosis.Category);
            calls++;
        }

        output.WriteLine($"realname.cache NOT_SERVING {clock.Elapsed.TotalSeconds:0.00}s after Redis stopped, after {calls} successful Diagnose calls");
        Assert.Equal(ServingStatus.NotServing, await HealthChecks.CheckAsync(channel, HealthChecks.Cache));
        Assert.Equal(ServingStatus.Serving, await HealthChecks.CheckAsync(channel, HealthChecks.Remediation));
        Assert.Equal(ServingStatus.Serving, await HealthChecks.CheckAsync(channel, HealthChecks.VerificationStatus));
        Assert.Equal(ServingStatus.Serving, await HealthChecks.CheckAsync(channel, ""));

        // While Redis is bypassed, Diagnose still answers (and quickly); the status store, which
        // lives nowhere else, says UNAVAILABLE with a retry delay.
        for (var i = 0; i < 5; i++)
        {
            var call = Stopwatch.StartNew();
            var response = await remediation.DiagnoseAsync(new DiagnoseRequest
            {
                Platform = "dayu",
                Message = FaceMismatch,
                Locale = i % 2 == 0 ? "en" : "zh-CN",
                OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-++day)),
                CaseRef = NewCaseRef("bypassed"),
            }, Options());
            Assert.Equal(Category.FaceMismatch, response.Diagnosis.Category);
            Assert.True(call.Elapsed < TimeSpan.FromSeconds(3), $"a Diagnose with Redis bypassed took {call.Elapsed}");
        }

        var unavailable = await Assert.ThrowsAsync<RpcException>(() =>
            statuses.GetVerificationStatusAsync(new GetVerificationStatusRequest { CaseRef = before }, Options()).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, unavailable.StatusCode);
        Assert.NotNull(unavailable.ToRealNameApiError().RetryInfo);

        redis.Start();
        var recovery = Stopwatch.StartNew();
        await Eventually.HoldsAsync(async () => await HealthChecks.CheckAsync(channel, HealthChecks.Cache) == ServingStatus.Serving,
            "realname.cache SERVING again after Redis restarted on the same port", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));
        var recovered = recovery.Elapsed;
        output.WriteLine($"realname.cache SERVING {recovered.TotalSeconds:0.00}s after Redis restarted");

        var after = NewCaseRef("after-outage");
        var diagnosis = (await remediation.DiagnoseAsync(new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch, CaseRef = after }, Options())).Diagnosis;
        var status = (await statuses.GetVerificationStatusAsync(new GetVerificationStatusRequest { CaseRef = after }, Options())).Status;
        Assert.Equal(diagnosis.RuleId, status.RuleId);
        Assert.Equal(VerificationState.ActionRequired, status.State);

        // The same process throughout: it recovered by itself.
        Assert.False(server.HasExited);
        Assert.Equal(pid, server.ProcessId);
        Assert.Contains("circuit breaker open", server.Output, StringComparison.Ordinal);
        Assert.Contains("Redis answers again", server.Output, StringComparison.Ordinal);
        Assert.True(recovered < TimeSpan.FromSeconds(30), $"recovered after {recovered}");
    }
}
