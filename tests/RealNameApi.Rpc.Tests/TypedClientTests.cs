using Microsoft.AspNetCore.Builder;
using RealNameApi.Client;
using RealNameApi.Contracts.V1;
using RealNameApi.Rpc.Client;
using RealNameApi.Rpc.Tests.Infrastructure;

namespace RealNameApi.Rpc.Tests;

/// <summary>
/// The typed clients of clients/csharp over the real gRPC layer, against contract-shaped test
/// handlers (the real services are tested with the server).
/// </summary>
public sealed class TypedClientTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(mapDefaults: false, map: app =>
    {
        app.MapRpcService<RemediationHandler>(RemediationServiceReflection.Descriptor.Services[0]);
        app.MapRpcService<StatusHandler>(VerificationStatusServiceReflection.Descriptor.Services[0]);
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Every_remediation_rpc_is_one_method()
    {
        using var channel = _server.Channel();
        var client = new RemediationClient(channel);

        var diagnosis = await client.DiagnoseAsync(new DiagnoseRequest { Platform = "dayu", Code = "E1" },
            new CallOptions { Headers = new Metadata().Add("accept-language", "en") }.WithTimeout(TimeSpan.FromSeconds(5)));
        var batch = await client.BatchDiagnoseAsync(new BatchDiagnoseRequest { Requests = { new DiagnoseRequest(), new DiagnoseRequest() } });
        var validation = await client.ValidateDocumentAsync(new ValidateDocumentRequest { Document = new Document() });
        var rules = await client.ListFailureRulesAsync(new ListFailureRulesRequest { PageSize = 7 });
        var policy = await client.GetPlatformPolicyAsync(new GetPlatformPolicyRequest { Platform = "aliyun-domain" });

        Assert.Equal("dayu/E1/en", diagnosis.Diagnosis.RuleId);
        Assert.Equal(2, batch.Results.Count);
        Assert.True(validation.Valid);
        Assert.Equal(7, rules.TotalSize);
        Assert.Equal("aliyun-domain", policy.Policy.Platform);
    }

    [Fact]
    public async Task Errors_arrive_as_RpcException_with_field_violations()
    {
        using var channel = _server.Channel();
        var client = new RemediationClient(channel);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.DiagnoseAsync(new DiagnoseRequest()));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("platform", Assert.Single(error.BadRequest!.FieldViolations).Field);
        Assert.Equal("realname.v1", error.ErrorInfo!.Domain);
    }

    [Fact]
    public async Task Status_rpcs_include_a_watch_as_an_async_sequence()
    {
        using var channel = _server.Channel();
        var client = new VerificationStatusClient(channel);

        var one = await client.GetVerificationStatusAsync(new GetVerificationStatusRequest { CaseRef = "case-1" });
        var page = await client.ListVerificationStatusesAsync(new ListVerificationStatusesRequest());
        var states = await client.WatchVerificationStatusAsync(new WatchVerificationStatusRequest { CaseRef = "case-1" }).Select(s => s.State).ToListAsync();

        Assert.Equal(VerificationState.Waiting, one.Status.State);
        Assert.Single(page.Statuses);
        Assert.Equal([VerificationState.Waiting, VerificationState.ReadyToRetry, VerificationState.Final], states);
    }

#pragma warning disable CA1822 // Handler methods are bound as instance methods, stateless or not.
    /// <summary>Answers from the request alone, so the test sees the request arrived intact.</summary>
    private sealed class RemediationHandler
    {
        public Task<DiagnoseResponse> Diagnose(DiagnoseRequest request, ServerCallContext context)
        {
            if (request.Platform.Length == 0)
            {
                throw new RpcException(StatusCode.InvalidArgument, "platform is required", d => d
                    .AddFieldViolation("platform", "Required.")
                    .SetErrorInfo("FIELD_REQUIRED", "realname.v1"));
            }
            var language = context.RequestHeaders.GetValue("accept-language");
            return Task.FromResult(new DiagnoseResponse { Diagnosis = new Diagnosis { RuleId = $"{request.Platform}/{request.Code}/{language}" } });
        }

        public Task<BatchDiagnoseResponse> BatchDiagnose(BatchDiagnoseRequest request, ServerCallContext context) =>
            Task.FromResult(new BatchDiagnoseResponse { Results = { request.Requests.Select((_, i) => new BatchDiagnoseResult { Index = i }) } });

        public Task<ValidateDocumentResponse> ValidateDocument(ValidateDocumentRequest request, ServerCallContext context) =>
            Task.FromResult(new ValidateDocumentResponse { Valid = request.Document is not null });

        public Task<ListFailureRulesResponse> ListFailureRules(ListFailureRulesRequest request, ServerCallContext context) =>
            Task.FromResult(new ListFailureRulesResponse { TotalSize = request.PageSize });

        public Task<GetPlatformPolicyResponse> GetPlatformPolicy(GetPlatformPolicyRequest request, ServerCallContext context) =>
            Task.FromResult(new GetPlatformPolicyResponse { Policy = new PlatformPolicy { Platform = request.Platform } });
    }

    private sealed class StatusHandler
    {
        public Task<GetVerificationStatusResponse> GetVerificationStatus(GetVerificationStatusRequest request, ServerCallContext context) =>
            Task.FromResult(new GetVerificationStatusResponse { Status = new VerificationStatus { State = VerificationState.Waiting } });

        public Task<ListVerificationStatusesResponse> ListVerificationStatuses(ListVerificationStatusesRequest request, ServerCallContext context) =>
            Task.FromResult(new ListVerificationStatusesResponse { Statuses = { new VerificationStatus() } });

        public async Task WatchVerificationStatus(WatchVerificationStatusRequest request, IServerStreamWriter<WatchVerificationStatusResponse> responseStream, ServerCallContext context)
        {
            foreach (var state in new[] { VerificationState.Waiting, VerificationState.ReadyToRetry, VerificationState.Final })
            {
                await responseStream.WriteAsync(new WatchVerificationStatusResponse { Status = new VerificationStatus { State = state } });
            }
        }
    }
#pragma warning restore CA1822
}
