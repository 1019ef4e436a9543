using Grpc.Net.Client;
using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using RealNameApi.Client;
using RealNameApi.Contracts.V1;
using Grpc.Core;
using RealNameApi.Server.Tests.Infrastructure;
using static RealNameApi.Server.Tests.Infrastructure.Calls;

namespace RealNameApi.Server.Tests;

/// <summary>
/// <c>realname.v1.VerificationStatusService</c> through the typed C# client, against the server
/// process in its embedded default: cases recorded by <c>Diagnose</c> are read, listed and watched.
/// </summary>
[Collection(EmbeddedServerGroup.Name)]
public sealed class VerificationStatusServiceTests(EmbeddedServer fixture) : IDisposable
{
    private const string FinalPrompt = "根据平台违规管理规则,您的认证主体【XXX】,不可作为大鱼号的有效主体";
    private const string NotInRegistry = "不在实名库中";

    private readonly GrpcChannel _channel = fixture.Server.CreateChannel();

    private RemediationService.RemediationServiceClient Remediation => new(_channel);

    private VerificationStatusService.VerificationStatusServiceClient Statuses => new(_channel);

    public void Dispose() => _channel.Dispose();

    [Fact]
    public async Task GetVerificationStatus_is_NOT_FOUND_for_an_unknown_case_and_found_after_a_Diagnose_with_its_case_ref()
    {
        var caseRef = NewCaseRef("get");
        var missing = await Assert.ThrowsAsync<RpcException>(() =>
            Statuses.GetVerificationStatusAsync(new GetVerificationStatusRequest { CaseRef = caseRef }, Options()).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal("realname.v1", missing.ToRealNameApiError().ErrorInfo!.Domain);
        Assert.Equal("CASE_NOT_FOUND", missing.ToRealNameApiError().ErrorInfo!.Reason);
        Assert.NotNull(missing.ToRealNameApiError().LocalizedMessage);

        var diagnosis = (await Remediation.DiagnoseAsync(new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch, CaseRef = caseRef }, Options())).Diagnosis;
        var status = (await Statuses.GetVerificationStatusAsync(new GetVerificationStatusRequest { CaseRef = caseRef }, Options())).Status;

        Assert.Equal("dayu", status.Platform);
        Assert.Equal(diagnosis.RuleId, status.RuleId);
        Assert.Equal(Category.FaceMismatch, status.Category);
        Assert.Equal(Outcome.FixAndRetry, status.Outcome);
        Assert.Equal(VerificationState.ActionRequired, status.State);
        Assert.NotNull(status.CreatedAt);
        Assert.NotNull(status.UpdatedAt);
        // The case id is a keyed hash: stable, opaque, never the caller's reference.
        Assert.False(string.IsNullOrEmpty(status.CaseId));
        Assert.DoesNotContain(caseRef, status.CaseId, StringComparison.Ordinal);
        Assert.DoesNotContain(caseRef[4..], status.CaseId, StringComparison.OrdinalIgnoreCase);
        var again = (await Statuses.GetVerificationStatusAsync(new GetVerificationStatusRequest { CaseRef = caseRef }, Options())).Status;
        Assert.Equal(status.CaseId, again.CaseId);
    }

    [Fact]
    public async Task GetVerificationStatus_without_case_ref_is_INVALID_ARGUMENT()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Statuses.GetVerificationStatusAsync(new GetVerificationStatusRequest(), Options()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(error.ToRealNameApiError().BadRequest!.FieldViolations, v => v.Field == "case_ref");
        Assert.Equal("realname.v1", error.ToRealNameApiError().ErrorInfo!.Domain);
    }

    [Fact]
    public async Task ListVerificationStatuses_filters_by_platform_and_state_across_pages()
    {
        var action = NewCaseRef("list-action");
        var waiting = NewCaseRef("list-waiting");
        var final = NewCaseRef("list-final");
        await Remediation.DiagnoseAsync(new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch, CaseRef = action }, Options());
        var waitingDiagnosis = (await Remediation.DiagnoseAsync(new DiagnoseRequest
        {
            Platform = "aliyun-domain",
            Message = NotInRegistry,
            OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
            CaseRef = waiting,
        }, Options())).Diagnosis;
        Assert.Equal(Outcome.WaitThenRetry, waitingDiagnosis.Outcome);
        var finalDiagnosis = (await Remediation.DiagnoseAsync(new DiagnoseRequest { Platform = "dayu", Message = FinalPrompt, CaseRef = final }, Options())).Diagnosis;
        Assert.Equal(Outcome.Final, finalDiagnosis.Outcome);

        var actionId = await CaseIdOf(action);
        var waitingId = await CaseIdOf(waiting);
        var finalId = await CaseIdOf(final);

        var all = await ListAllAsync(new ListVerificationStatusesRequest { PageSize = 2 });
        Assert.Superset(new HashSet<string> { actionId, waitingId, finalId }, all.Select(s => s.CaseId).ToHashSet());
        Assert.Equal(all.Count, all.Select(s => s.CaseId).Distinct().Count());
        // Most recently updated first.
        Assert.Equal(all.OrderByDescending(s => s.UpdatedAt.ToDateTimeOffset()).Select(s => s.CaseId), all.Select(s => s.CaseId));

        var aliyun = await ListAllAsync(new ListVerificationStatusesRequest { Platform = "aliyun-domain", PageSize = 1 });
        Assert.All(aliyun, s => Assert.Equal("aliyun-domain", s.Platform));
        Assert.Contains(aliyun, s => s.CaseId == waitingId && s.State == VerificationState.Waiting && s.NextChangeAt is not null);
        Assert.DoesNotContain(aliyun, s => s.CaseId == actionId || s.CaseId == finalId);

        var finals = await ListAllAsync(new ListVerificationStatusesRequest { State = VerificationState.Final, PageSize = 1 });
        Assert.All(finals, s => Assert.Equal(VerificationState.Final, s.State));
        Assert.Contains(finals, s => s.CaseId == finalId);
        Assert.DoesNotContain(finals, s => s.CaseId == actionId || s.CaseId == waitingId);

        var dayuActions = await ListAllAsync(new ListVerificationStatusesRequest { Platform = "dayu", State = VerificationState.ActionRequired });
        Assert.All(dayuActions, s => Assert.True(s.Platform == "dayu" && s.State == VerificationState.ActionRequired, s.ToString()));
        Assert.Contains(dayuActions, s => s.CaseId == actionId);
        Assert.DoesNotContain(dayuActions, s => s.CaseId == finalId);

        var unknownPlatform = await Assert.ThrowsAsync<RpcException>(() =>
            Statuses.ListVerificationStatusesAsync(new ListVerificationStatusesRequest { Platform = "no-such-platform" }, Options()).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknownPlatform.StatusCode);
        var negative = await Assert.ThrowsAsync<RpcException>(() =>
            Statuses.ListVerificationStatusesAsync(new ListVerificationStatusesRequest { PageSize = -1 }, Options()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, negative.StatusCode);
        Assert.Contains(negative.ToRealNameApiError().BadRequest!.FieldViolations, v => v.Field == "page_size");
    }

    [Fact]
    public async Task WatchVerificationStatus_sends_the_current_status_first_and_ends_with_the_deadline()
    {
        var caseRef = NewCaseRef("watch");
        await Remediation.DiagnoseAsync(new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch, CaseRef = caseRef }, Options());
        var recorded = (await Statuses.GetVerificationStatusAsync(new GetVerificationStatusRequest { CaseRef = caseRef }, Options())).Status;

        var clock = Stopwatch.StartNew();
        using var call = Statuses.WatchVerificationStatus(new WatchVerificationStatusRequest { CaseRef = caseRef }, Options(TimeSpan.FromSeconds(1.5)));
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        var first = call.ResponseStream.Current.Status;
        Assert.Equal(recorded.CaseId, first.CaseId);
        Assert.Equal(recorded.RuleId, first.RuleId);
        Assert.Equal(VerificationState.ActionRequired, first.State);

        // Nothing changes for this case, so the stream stays open until the deadline ends it.
        var end = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(StatusCode.DeadlineExceeded, end.StatusCode);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.2), TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task WatchVerificationStatus_sees_a_case_recorded_while_it_watches()
    {
        var caseRef = NewCaseRef("watch-later");
        using var call = Statuses.WatchVerificationStatus(new WatchVerificationStatusRequest { CaseRef = caseRef }, Options(TimeSpan.FromSeconds(10)));
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(VerificationState.Unknown, call.ResponseStream.Current.Status.State);

        await Remediation.DiagnoseAsync(new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch, CaseRef = caseRef }, Options());
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        var update = call.ResponseStream.Current.Status;
        Assert.Equal("dayu.face-mismatch-police-photo", update.RuleId);
        Assert.Equal(VerificationState.ActionRequired, update.State);
    }

    private async Task<string> CaseIdOf(string caseRef) =>
        (await Statuses.GetVerificationStatusAsync(new GetVerificationStatusRequest { CaseRef = caseRef }, Options())).Status.CaseId;

    private async Task<List<VerificationStatus>> ListAllAsync(ListVerificationStatusesRequest request)
    {
        var statuses = new List<VerificationStatus>();
        var pages = 0;
        do
        {
            var page = await Statuses.ListVerificationStatusesAsync(request, Options());
            if (request.PageSize > 0)
            {
                Assert.True(page.Statuses.Count <= request.PageSize, $"{page.Statuses.Count} statuses on a page of {request.PageSize}");
            }

            statuses.AddRange(page.Statuses);
            request = request.Clone();
            request.PageToken = page.NextPageToken;
            Assert.True(++pages < 1000, "the pages never end");
        }
        while (request.PageToken.Length > 0);
        return statuses;
    }
}
