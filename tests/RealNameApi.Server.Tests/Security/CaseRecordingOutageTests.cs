using Grpc.Core;
using RealNameApi.Contracts.V1;
using RealNameApi.Server.Tests.Infrastructure;
using RealNameApi.Testing;
using static RealNameApi.Server.Tests.Infrastructure.Calls;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace RealNameApi.Server.Tests.Security;

/// <summary>
/// Nothing lost silently: with Redis stopped, Diagnose and BatchDiagnose answer, and say the case
/// was NOT_RECORDED; once Redis is back, the same request sent again records it.
/// </summary>
public sealed class CaseRecordingOutageTests
{
    [Fact(Timeout = 120_000)]
    public async Task While_Redis_is_down_the_answer_says_the_case_was_not_recorded_and_a_resend_after_it_returns_records_it()
    {
        using var redis = new RedisServer();
        var key = new TestKey("a-all", "tenant-a", ["diagnose", "status.read"]);
        await using var server = await ServerProcess.StartAsync("recording-outage", TestKey.Configuration(key).Concat(TwoServersOnOneRedis.Configuration(redis)));
        using var channel = server.CreateChannel();
        var remediation = new RemediationService.RemediationServiceClient(channel);
        var statuses = new VerificationStatusService.VerificationStatusServiceClient(channel);
        var headers = key.Headers;
        await Eventually.HoldsAsync(async () => await HealthChecks.CheckAsync(channel, HealthChecks.Cache) == ServingStatus.Serving,
            "realname.cache SERVING once connected", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));

        var before = NewCaseRef("before");
        Assert.Equal(CaseRecording.Recorded, (await remediation.DiagnoseAsync(new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch, CaseRef = before }, Options(headers: headers))).Recording);

        redis.Stop();
        var during = NewCaseRef("during");
        var request = new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch, CaseRef = during };
        var answer = await remediation.DiagnoseAsync(request, Options(headers: headers));
        Assert.Equal(CaseRecording.NotRecorded, answer.Recording);
        Assert.Equal(Category.FaceMismatch, answer.Diagnosis.Category);

        var batch = await remediation.BatchDiagnoseAsync(new BatchDiagnoseRequest
        {
            Requests =
            {
                new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch, CaseRef = NewCaseRef("batch-during") },
                new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch },
            },
        }, Options(headers: headers));
        Assert.Equal([CaseRecording.NotRecorded, CaseRecording.NotRequested], batch.Results.Select(r => r.Recording));

        redis.Start();
        await Eventually.HoldsAsync(async () => await HealthChecks.CheckAsync(channel, HealthChecks.Cache) == ServingStatus.Serving,
            "realname.cache SERVING again after Redis restarted", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));

        // Nothing was kept to record later, as the field's documentation says: the case is
        // unknown until the caller sends it again, and then it is recorded.
        // (The store's circuit breaker may still be letting its first probe through: UNAVAILABLE until then.)
        var read = StatusCode.Unavailable;
        await Eventually.HoldsAsync(async () =>
        {
            read = (await Assert.ThrowsAsync<RpcException>(() => statuses.GetVerificationStatusAsync(new GetVerificationStatusRequest { CaseRef = during }, Options(headers: headers)).ResponseAsync)).StatusCode;
            return read != StatusCode.Unavailable;
        }, "the status store answering again", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));
        Assert.Equal(StatusCode.NotFound, read);
        var resent = await remediation.DiagnoseAsync(request, Options(headers: headers));
        Assert.Equal(CaseRecording.Recorded, resent.Recording);
        var status = (await statuses.GetVerificationStatusAsync(new GetVerificationStatusRequest { CaseRef = during }, Options(headers: headers))).Status;
        Assert.Equal(resent.Diagnosis.RuleId, status.RuleId);
    }
}
