using System.Net;
using System.Text;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using RealNameApi.Client;
using RealNameApi.Contracts.V1;
using RealNameApi.Server.Tests.Infrastructure;
using static RealNameApi.Server.Tests.Infrastructure.Calls;
using HealthStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace RealNameApi.Server.Tests.Security;

/// <summary>
/// API keys against the server process: UNAUTHENTICATED without a known key, PERMISSION_DENIED
/// for a role the key lacks, each with its reason and a localized message; health open;
/// reflection behind a key; gRPC-Web answered the same; keys never in the log.
/// </summary>
[Collection(SecuredServerGroup.Name)]
public sealed class AccessControlTests(SecuredServer fixture) : IDisposable
{
    private readonly GrpcChannel _channel = fixture.Server.CreateChannel();

    private RemediationService.RemediationServiceClient Remediation => new(_channel);

    private VerificationStatusService.VerificationStatusServiceClient Statuses => new(_channel);

    public void Dispose() => _channel.Dispose();

    private static DiagnoseRequest Face() => new() { Platform = "dayu", Message = FaceMismatch, Locale = "en" };

    [Fact]
    public async Task A_call_without_a_key_is_UNAUTHENTICATED_with_the_reason_and_a_localized_message_on_both_services()
    {
        var diagnose = await Assert.ThrowsAsync<RpcException>(() => Remediation.DiagnoseAsync(Face(), Options()).ResponseAsync);
        var status = await Assert.ThrowsAsync<RpcException>(() => Statuses.GetVerificationStatusAsync(new GetVerificationStatusRequest { CaseRef = "x" }, AcceptLanguage("en")).ResponseAsync);

        foreach (var error in new[] { diagnose, status })
        {
            Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
            Assert.Contains("authorization: Bearer <key>", error.Status.Detail, StringComparison.Ordinal);
            var details = error.ToRealNameApiError();
            Assert.Equal("realname.v1", details.ErrorInfo!.Domain);
            Assert.Equal("API_KEY_MISSING", details.ErrorInfo.Reason);
            Assert.NotNull(details.LocalizedMessage);
        }

        Assert.Equal("en", status.ToRealNameApiError().LocalizedMessage!.Locale);
        Assert.Equal("zh-CN", diagnose.ToRealNameApiError().LocalizedMessage!.Locale);
    }

    [Fact]
    public async Task An_unknown_or_malformed_key_is_UNAUTHENTICATED()
    {
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Remediation.DiagnoseAsync(Face(),
            Options(headers: new Metadata { { "authorization", "Bearer " + new TestKey("x", "x", ["diagnose"]).Secret } })).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, unknown.StatusCode);
        Assert.Equal("API_KEY_UNKNOWN", unknown.ToRealNameApiError().ErrorInfo!.Reason);

        // The key's hash is not the key.
        var hash = await Assert.ThrowsAsync<RpcException>(() => Remediation.DiagnoseAsync(Face(),
            Options(headers: new Metadata { { "authorization", "Bearer " + fixture.TenantAll.Sha256 } })).ResponseAsync);
        Assert.Equal("API_KEY_UNKNOWN", hash.ToRealNameApiError().ErrorInfo!.Reason);

        var basic = await Assert.ThrowsAsync<RpcException>(() => Remediation.DiagnoseAsync(Face(),
            Options(headers: new Metadata { { "authorization", "Basic " + fixture.TenantAll.Secret } })).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, basic.StatusCode);
        Assert.Equal("API_KEY_MALFORMED", basic.ToRealNameApiError().ErrorInfo!.Reason);
    }

    [Fact]
    public async Task A_key_without_the_calls_role_is_PERMISSION_DENIED_naming_the_role()
    {
        var status = await Assert.ThrowsAsync<RpcException>(() => Statuses.ListVerificationStatusesAsync(new ListVerificationStatusesRequest(),
            Options(headers: fixture.TenantDiagnoseOnly.Headers)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, status.StatusCode);
        Assert.Equal("ROLE_MISSING", status.ToRealNameApiError().ErrorInfo!.Reason);
        Assert.Equal("status.read", status.ToRealNameApiError().ErrorInfo!.Metadata["role"]);
        Assert.Contains("status.read", status.Status.Detail, StringComparison.Ordinal);

        var diagnose = await Assert.ThrowsAsync<RpcException>(() => Remediation.DiagnoseAsync(Face(), Options(headers: fixture.TenantStatusOnly.Headers)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, diagnose.StatusCode);
        Assert.Equal("diagnose", diagnose.ToRealNameApiError().ErrorInfo!.Metadata["role"]);
        Assert.NotNull(diagnose.ToRealNameApiError().LocalizedMessage);
    }

    [Fact]
    public async Task A_key_with_the_role_is_answered_and_admin_holds_every_role()
    {
        Assert.Equal(Category.FaceMismatch, (await Remediation.DiagnoseAsync(Face(), Options(headers: fixture.TenantDiagnoseOnly.Headers))).Diagnosis.Category);
        await Statuses.ListVerificationStatusesAsync(new ListVerificationStatusesRequest(), Options(headers: fixture.TenantStatusOnly.Headers));
        Assert.Equal(Category.FaceMismatch, (await Remediation.DiagnoseAsync(Face(), Options(headers: fixture.TenantAdmin.Headers))).Diagnosis.Category);
        await Statuses.ListVerificationStatusesAsync(new ListVerificationStatusesRequest(), Options(headers: fixture.TenantAdmin.Headers));
    }

    [Fact]
    public async Task The_CSharp_clients_ApiKey_option_is_the_key_the_server_checks()
    {
        using var keyed = RealNameApiClient.Create(new RealNameApiClientOptions { Address = fixture.Server.GrpcAddress, ApiKey = fixture.TenantDiagnoseOnly.Secret });
        Assert.Equal(Category.FaceMismatch, (await keyed.Remediation.DiagnoseAsync(Face())).Diagnosis.Category);
        var denied = await Assert.ThrowsAsync<RpcException>(() => keyed.Statuses.ListVerificationStatusesAsync(new ListVerificationStatusesRequest()).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);

        using var wrong = RealNameApiClient.Create(new RealNameApiClientOptions { Address = fixture.Server.GrpcAddress, ApiKey = "not-a-configured-key" });
        Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => wrong.Remediation.DiagnoseAsync(Face()).ResponseAsync)).StatusCode);
    }

    [Fact]
    public async Task Over_gRPC_Web_the_same_errors_arrive_with_their_details()
    {
        foreach (var mode in new[] { GrpcWebMode.GrpcWeb, GrpcWebMode.GrpcWebText })
        {
            using var web = fixture.Server.CreateWebChannel(mode);
            var client = new RemediationService.RemediationServiceClient(web);
            var missing = await Assert.ThrowsAsync<RpcException>(() => client.DiagnoseAsync(Face(), Options()).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, missing.StatusCode);
            Assert.Equal("API_KEY_MISSING", missing.ToRealNameApiError().ErrorInfo!.Reason);

            var denied = await Assert.ThrowsAsync<RpcException>(() => client.DiagnoseAsync(Face(), Options(headers: fixture.TenantStatusOnly.Headers)).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
            Assert.Equal("ROLE_MISSING", denied.ToRealNameApiError().ErrorInfo!.Reason);

            Assert.Equal(Category.FaceMismatch, (await client.DiagnoseAsync(Face(), Options(headers: fixture.TenantAll.Headers))).Diagnosis.Category);
        }
    }

    [Fact]
    public async Task Health_and_healthz_stay_open_without_a_key_and_with_a_wrong_one()
    {
        Assert.Equal(HealthStatus.Serving, await HealthChecks.CheckAsync(_channel, ""));
        Assert.Equal(HealthStatus.Serving, await HealthChecks.CheckAsync(_channel, HealthChecks.Remediation));
        var health = new Grpc.Health.V1.Health.HealthClient(_channel);
        var withWrongKey = await health.CheckAsync(new Grpc.Health.V1.HealthCheckRequest(), Options(headers: new Metadata { { "authorization", "Bearer wrong" } }));
        Assert.Equal(HealthStatus.Serving, withWrongKey.Status);

        using var http = new HttpClient();
        Assert.Equal("ok", await http.GetStringAsync(new Uri(fixture.Server.HttpAddress, "/healthz")));
    }

    [Fact]
    public async Task Reflection_needs_a_key_when_keys_are_configured()
    {
        var denied = await Assert.ThrowsAsync<RpcException>(() => ListServicesAsync(null));
        Assert.Equal(StatusCode.Unauthenticated, denied.StatusCode);

        var listed = await ListServicesAsync(fixture.TenantStatusOnly.Headers);
        Assert.Contains("realname.v1.RemediationService", listed, StringComparison.Ordinal);
        Assert.Contains("realname.v1.VerificationStatusService", listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_never_reach_the_log_and_turned_away_calls_are_summed_not_logged_one_by_one()
    {
        var before = fixture.Server.Problems.Count;
        const int bad = 40;
        for (var i = 0; i < bad; i++)
        {
            await Assert.ThrowsAsync<RpcException>(() => Remediation.DiagnoseAsync(Face(), Options(headers: new Metadata { { "authorization", $"Bearer wrong-{i}" } })).ResponseAsync);
            await Assert.ThrowsAsync<RpcException>(() => Remediation.DiagnoseAsync(new DiagnoseRequest(), Options(headers: fixture.TenantAll.Headers)).ResponseAsync);
        }

        // The period is 1 s here: the summary follows within a few.
        await fixture.Server.WaitForOutputAsync("calls turned away in the last", TimeSpan.FromSeconds(15));
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var added = fixture.Server.Problems.Skip(before).ToList();
        // 80 bad calls, a handful of lines: at most one per period (of which a few passed).
        Assert.InRange(added.Count, 1, 10);
        Assert.All(added, line => Assert.Contains("RejectedCallsReporter", line, StringComparison.Ordinal));
        Assert.Contains(fixture.Server.Lines, l => l.Contains("unauthenticated", StringComparison.Ordinal) && l.Contains("key -:", StringComparison.Ordinal));
        Assert.Contains(fixture.Server.Lines, l => l.Contains("bad request", StringComparison.Ordinal) && l.Contains("key a-all:", StringComparison.Ordinal));

        var output = fixture.Server.Output;
        foreach (var key in new[] { fixture.TenantAll, fixture.TenantDiagnoseOnly, fixture.TenantStatusOnly, fixture.TenantAdmin, fixture.OtherTenant, fixture.Limited })
        {
            Assert.DoesNotContain(key.Secret, output, StringComparison.Ordinal);
            Assert.DoesNotContain(key.Secret[..12], output, StringComparison.Ordinal);
        }

        Assert.Contains("a-all (tenant tenant-a; diagnose, status.read)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-1", output, StringComparison.Ordinal);
    }

    // ServerReflection/ServerReflectionInfo with list_services, through raw bytes: the tests have no reflection stubs.
    private async Task<string> ListServicesAsync(Metadata? headers)
    {
        var marshaller = Marshallers.Create(static (byte[] b) => b, static b => b);
        var method = new Method<byte[], byte[]>(MethodType.DuplexStreaming, "grpc.reflection.v1.ServerReflection", "ServerReflectionInfo", marshaller, marshaller);
        using var call = _channel.CreateCallInvoker().AsyncDuplexStreamingCall(method, null, Options(headers: headers));
        try
        {
            await call.RequestStream.WriteAsync([0x3a, 0x00]); // field 7, list_services = ""
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // A call turned away may end before its request is written (the write then reports
            // CANCELLED); the call's own status is read from the response below.
        }

        var text = new StringBuilder();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            text.Append(Encoding.UTF8.GetString(call.ResponseStream.Current));
        }

        return text.ToString();
    }
}
