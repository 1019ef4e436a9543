using Grpc.Net.Client.Web;
using RealNameApi.Client;
using RealNameApi.Contracts.V1;
using Grpc.Core;
using RealNameApi.Server.Tests.Infrastructure;
using RealNameApi.Testing;
using static RealNameApi.Server.Tests.Infrastructure.Calls;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace RealNameApi.Server.Tests;

/// <summary>
/// The HTTP/1.1 port (gRPC-Web with the C# client in both wire modes, /healthz) and the health
/// service, against the server process in its embedded default.
/// </summary>
[Collection(EmbeddedServerGroup.Name)]
public sealed class GrpcWebAndHealthTests(EmbeddedServer fixture)
{
    private readonly ServerProcess _server = fixture.Server;

    [Theory]
    [InlineData(GrpcWebMode.GrpcWeb)]
    [InlineData(GrpcWebMode.GrpcWebText)]
    public async Task GrpcWeb_on_the_http_port_answers_unary_calls_errors_and_watches(GrpcWebMode mode)
    {
        using var web = _server.CreateWebChannel(mode);
        using var native = _server.CreateChannel();
        var remediation = new RemediationService.RemediationServiceClient(web);
        var statuses = new VerificationStatusService.VerificationStatusServiceClient(web);
        var caseRef = NewCaseRef($"web-{mode}");

        var call = remediation.DiagnoseAsync(new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch, CaseRef = caseRef }, AcceptLanguage("en"));
        var viaWeb = await call;
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        var viaNative = await new RemediationService.RemediationServiceClient(native).DiagnoseAsync(new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch, Locale = "en" }, Options());
        Assert.Equal(viaNative.Diagnosis, viaWeb.Diagnosis);
        // Only the web call carried a case_ref.
        Assert.Equal((CaseRecording.NotRequested, CaseRecording.Recorded), (viaNative.Recording, viaWeb.Recording));

        var policy = await remediation.GetPlatformPolicyAsync(new GetPlatformPolicyRequest { Platform = "aliyun-domain" }, Options());
        Assert.Equal("aliyun-domain", policy.Policy.Platform);

        // Rich errors travel in the gRPC-Web trailers too.
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            remediation.DiagnoseAsync(new DiagnoseRequest { Message = FaceMismatch }, AcceptLanguage("en")).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(error.ToRealNameApiError().BadRequest!.FieldViolations, v => v.Field == "platform");
        Assert.Equal("realname.v1", error.ToRealNameApiError().ErrorInfo!.Domain);
        Assert.Equal("en", error.ToRealNameApiError().LocalizedMessage!.Locale);

        var status = await statuses.GetVerificationStatusAsync(new GetVerificationStatusRequest { CaseRef = caseRef }, Options());
        Assert.Equal(viaWeb.Diagnosis.RuleId, status.Status.RuleId);

        // Server streaming: the current status, then the stream ends with the deadline.
        using var watch = statuses.WatchVerificationStatus(new WatchVerificationStatusRequest { CaseRef = caseRef }, Options(TimeSpan.FromSeconds(1.5)));
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(status.Status.CaseId, watch.ResponseStream.Current.Status.CaseId);
        var end = await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(StatusCode.DeadlineExceeded, end.StatusCode);
    }

    [Fact]
    public async Task Health_reports_every_service_name_serving_in_the_embedded_default()
    {
        using var channel = _server.CreateChannel();
        foreach (var name in new[] { "", HealthChecks.Remediation, HealthChecks.VerificationStatus, HealthChecks.Cache })
        {
            Assert.Equal(ServingStatus.Serving, await HealthChecks.CheckAsync(channel, name));
        }

        var unknown = await Assert.ThrowsAsync<RpcException>(() => HealthChecks.CheckAsync(channel, "no.such.Service"));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);

        using var web = _server.CreateWebChannel(GrpcWebMode.GrpcWeb);
        Assert.Equal(ServingStatus.Serving, await HealthChecks.CheckAsync(web, HealthChecks.Remediation));
    }

    [Fact]
    public async Task Healthz_answers_ok_over_http_1_1_and_the_grpc_port_speaks_http_2_only()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var healthz = await http.GetAsync(new Uri(_server.HttpAddress, "/healthz"));
        Assert.Equal(System.Net.HttpStatusCode.OK, healthz.StatusCode);
        Assert.Equal(new Version(1, 1), healthz.Version);
        Assert.Equal("ok", await healthz.Content.ReadAsStringAsync());

        // The gRPC port is HTTP/2 only: Kestrel turns an HTTP/1.1 request away.
        using var wrongPort = await http.GetAsync(new Uri(_server.GrpcAddress, "/healthz"));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, wrongPort.StatusCode);
        Assert.Contains("HTTP/2 only", await wrongPort.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
