using Grpc.Core;
using Grpc.Net.Client;
using RealNameApi.Client;
using RealNameApi.Contracts.V1;
using RealNameApi.Server.Tests.Infrastructure;
using RealNameApi.Testing;
using static RealNameApi.Server.Tests.Infrastructure.Calls;

namespace RealNameApi.Server.Tests.Security;

/// <summary>
/// Two tenants on one server, every RPC of VerificationStatusService and the case recording of
/// Diagnose and BatchDiagnose: tenant B never reads, lists, watches or overwrites tenant A's case,
/// even under the same case_ref. Run on the embedded store and on Redis.
/// </summary>
public abstract class TenantIsolationBehaviour(ServerProcess server, TestKey tenantA, TestKey tenantB) : IDisposable
{
    private const string FinalPrompt = "根据平台违规管理规则,您的认证主体【XXX】,不可作为大鱼号的有效主体";

    private readonly GrpcChannel _channel = server.CreateChannel();

    private RemediationService.RemediationServiceClient Remediation => new(_channel);

    private VerificationStatusService.VerificationStatusServiceClient Statuses => new(_channel);

    public void Dispose()
    {
        _channel.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task<Diagnosis> DiagnoseAsync(TestKey key, string caseRef, string message = FaceMismatch)
    {
        var response = await Remediation.DiagnoseAsync(new DiagnoseRequest { Platform = "dayu", Message = message, CaseRef = caseRef }, Options(headers: key.Headers));
        Assert.Equal(CaseRecording.Recorded, response.Recording);
        return response.Diagnosis;
    }

    private Task<GetVerificationStatusResponse> GetAsync(TestKey key, string caseRef) =>
        Statuses.GetVerificationStatusAsync(new GetVerificationStatusRequest { CaseRef = caseRef }, Options(headers: key.Headers)).ResponseAsync;

    [Fact]
    public async Task The_same_case_ref_in_two_tenants_is_two_cases_neither_reads_or_overwrites_the_other()
    {
        var caseRef = NewCaseRef("shared-ref");
        var a = await DiagnoseAsync(tenantA, caseRef);

        var missing = await Assert.ThrowsAsync<RpcException>(() => GetAsync(tenantB, caseRef));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal("CASE_NOT_FOUND", missing.ToRealNameApiError().ErrorInfo!.Reason);

        // B's Diagnose with the same case_ref records B's case, and leaves A's as it was.
        var b = await DiagnoseAsync(tenantB, caseRef, FinalPrompt);
        Assert.NotEqual(a.RuleId, b.RuleId);
        var statusA = (await GetAsync(tenantA, caseRef)).Status;
        var statusB = (await GetAsync(tenantB, caseRef)).Status;
        Assert.Equal(a.RuleId, statusA.RuleId);
        Assert.Equal(VerificationState.ActionRequired, statusA.State);
        Assert.Equal(b.RuleId, statusB.RuleId);
        Assert.Equal(VerificationState.Final, statusB.State);
        Assert.NotEqual(statusA.CaseId, statusB.CaseId);
    }

    [Fact]
    public async Task A_tenant_lists_only_its_own_cases_and_its_page_token_is_refused_to_the_other()
    {
        var refA = NewCaseRef("list-a");
        var refB = NewCaseRef("list-b");
        await DiagnoseAsync(tenantA, refA);
        await DiagnoseAsync(tenantB, refB);
        var caseA = (await GetAsync(tenantA, refA)).Status.CaseId;
        var caseB = (await GetAsync(tenantB, refB)).Status.CaseId;

        var listedA = await ListAllAsync(tenantA);
        var listedB = await ListAllAsync(tenantB);
        Assert.Contains(caseA, listedA);
        Assert.DoesNotContain(caseB, listedA);
        Assert.Contains(caseB, listedB);
        Assert.DoesNotContain(caseA, listedB);
        Assert.Empty(listedA.Intersect(listedB));

        await DiagnoseAsync(tenantA, NewCaseRef("list-a2"));
        var page = await Statuses.ListVerificationStatusesAsync(new ListVerificationStatusesRequest { PageSize = 1 }, Options(headers: tenantA.Headers));
        Assert.NotEmpty(page.NextPageToken);
        var refused = await Assert.ThrowsAsync<RpcException>(() => Statuses.ListVerificationStatusesAsync(
            new ListVerificationStatusesRequest { PageSize = 1, PageToken = page.NextPageToken }, Options(headers: tenantB.Headers)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains(refused.ToRealNameApiError().FieldViolations, v => v.Field == "page_token");
    }

    [Fact]
    public async Task A_watch_in_one_tenant_never_sees_the_other_tenants_case_of_the_same_case_ref()
    {
        var caseRef = NewCaseRef("watched");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var watch = Statuses.WatchVerificationStatus(new WatchVerificationStatusRequest { CaseRef = caseRef }, new CallOptions(tenantB.Headers, cancellationToken: deadline.Token));
        Assert.True(await watch.ResponseStream.MoveNext(deadline.Token));
        Assert.Equal(VerificationState.Unknown, watch.ResponseStream.Current.Status.State);

        var next = watch.ResponseStream.MoveNext(deadline.Token);
        var a = await DiagnoseAsync(tenantA, caseRef, FinalPrompt);
        var b = await DiagnoseAsync(tenantB, caseRef);
        Assert.NotEqual(a.RuleId, b.RuleId);

        Assert.True(await next);
        Assert.Equal(b.RuleId, watch.ResponseStream.Current.Status.RuleId);
        Assert.Equal(VerificationState.ActionRequired, watch.ResponseStream.Current.Status.State);
    }

    [Fact]
    public async Task BatchDiagnose_records_each_items_case_in_the_callers_tenant_and_says_so_per_item()
    {
        var recorded = NewCaseRef("batch");
        var response = await Remediation.BatchDiagnoseAsync(new BatchDiagnoseRequest
        {
            Requests =
            {
                new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch, CaseRef = recorded },
                new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch },
                new DiagnoseRequest { Message = FaceMismatch, CaseRef = NewCaseRef("bad-item") },
            },
        }, Options(headers: tenantA.Headers));

        Assert.Equal([CaseRecording.Recorded, CaseRecording.NotRequested, CaseRecording.Unspecified], response.Results.Select(r => r.Recording));
        Assert.NotNull(response.Results[2].Error);
        Assert.Equal(response.Results[0].Diagnosis.RuleId, (await GetAsync(tenantA, recorded)).Status.RuleId);
        var other = await Assert.ThrowsAsync<RpcException>(() => GetAsync(tenantB, recorded));
        Assert.Equal(StatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task Diagnose_without_a_case_ref_says_nothing_was_to_be_recorded()
    {
        var response = await Remediation.DiagnoseAsync(new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch }, Options(headers: tenantA.Headers));
        Assert.Equal(CaseRecording.NotRequested, response.Recording);
    }

    // Every case id of the tenant, every page (only the tests' cases are there).
    private async Task<List<string>> ListAllAsync(TestKey key)
    {
        var ids = new List<string>();
        var token = "";
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await Statuses.ListVerificationStatusesAsync(new ListVerificationStatusesRequest { PageSize = 100, PageToken = token }, Options(headers: key.Headers));
            ids.AddRange(page.Statuses.Select(s => s.CaseId));
            if ((token = page.NextPageToken).Length == 0)
            {
                return ids;
            }
        }

        throw new InvalidOperationException("More than 100 pages of cases.");
    }
}

/// <summary>Tenancy on the embedded store.</summary>
[Collection(SecuredServerGroup.Name)]
public sealed class TenantIsolationEmbeddedTests(SecuredServer fixture) : TenantIsolationBehaviour(fixture.Server, fixture.TenantAll, fixture.OtherTenant);

/// <summary>Tenancy on Redis.</summary>
[Collection(SecuredServerOnRedisGroup.Name)]
public sealed class TenantIsolationRedisTests(SecuredServerOnRedis fixture) : TenantIsolationBehaviour(fixture.Server, fixture.TenantAll, fixture.OtherTenant)
{
    [Fact]
    public async Task Redis_holds_each_tenants_cases_under_its_own_hash_tag_and_its_answers_under_its_id()
    {
        using var channel = fixture.Server.CreateChannel();
        var remediation = new RemediationService.RemediationServiceClient(channel);
        foreach (var key in new[] { fixture.TenantAll, fixture.OtherTenant })
        {
            await remediation.DiagnoseAsync(new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch, CaseRef = NewCaseRef("layout") }, Options(headers: key.Headers));
        }

        using var resp = await RespClient.ConnectAsync(fixture.Redis.Port);
        var keys = ((object?[])(await resp.CommandAsync("KEYS", "realname:v1:*"))!).Cast<byte[]>().Select(k => System.Text.Encoding.UTF8.GetString(k)).ToList();
        Assert.NotEmpty(keys);
        // Cases under the tenant's hash tag (one cluster slot a tenant); answers under its id
        // without braces (spread over a cluster's shards by their own key).
        Assert.All(keys, k => Assert.Matches(@"^realname:v1:(\{t:[A-Za-z0-9_-]{16}\}:status:(cases|idx|opens|expiry)|t:[A-Za-z0-9_-]{16}:result:[a-z]+:[A-Za-z0-9_-]+)$", k));
        var tenants = keys.Select(k => System.Text.RegularExpressions.Regex.Match(k, "t:([A-Za-z0-9_-]{16})").Groups[1].Value).Distinct().ToList();
        Assert.Equal(2, tenants.Count);
        Assert.All(tenants, t => Assert.Contains($"realname:v1:{{t:{t}}}:status:cases", keys));
        Assert.All(tenants, t => Assert.Contains(keys, k => k.StartsWith($"realname:v1:t:{t}:result:diagnose:", StringComparison.Ordinal)));
    }
}
