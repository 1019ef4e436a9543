using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using RealNameApi.Client;
using RealNameApi.Contracts.V1;
using RealNameApi.Server.Tests.Infrastructure;
using static RealNameApi.Server.Tests.Infrastructure.Calls;

namespace RealNameApi.Server.Tests;

/// <summary>
/// Metrics on <c>/metrics</c> and spans of the real server process on a real Redis: the label
/// sets are the documented, bounded ones whatever the calls carried, and a caller's
/// <c>traceparent</c> is the parent of the call's span and of the engine and Redis work under it.
/// </summary>
public sealed class TelemetryTests(TelemetryServer fixture) : IClassFixture<TelemetryServer>, IDisposable
{
    private static readonly HashSet<string> Services =
    [
        "realname.v1.RemediationService", "realname.v1.VerificationStatusService",
        "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection", "_OTHER",
    ];

    private static readonly HashSet<string> Platforms = ["dayu", "aliyun-domain"];
    private static readonly HashSet<string> Tiers = ["memory", "redis"];
    private static readonly HashSet<string> Results = ["hit", "miss", "error", "skipped"];

    private readonly GrpcChannel _channel = fixture.Server.CreateChannel();

    public void Dispose() => _channel.Dispose();

    [Fact(Timeout = 60_000)]
    public async Task Metrics_carry_only_bounded_labels_and_no_personal_data_after_calls_full_of_it()
    {
        var idNumber = NewResidentIdNumber();
        var name = "欧阳慕霖";
        var marker = $"工单{Random.Shared.Next(100_000, 1_000_000)}";
        var message = $"姓名 {name} 身份证号 {idNumber} 认证提示:人脸与公安网照片不一致({marker})";
        var caseRef = NewCaseRef("telemetry-pii");
        var unknownCaseRef = NewCaseRef("telemetry-unknown");
        var document = new Document { Type = DocumentType.ResidentIdCard, Number = idNumber, HolderName = name, LongTerm = true };
        var remediation = new RemediationService.RemediationServiceClient(_channel);
        var statuses = new VerificationStatusService.VerificationStatusServiceClient(_channel);
        var request = new DiagnoseRequest { Platform = "dayu", Message = message, Document = document, CaseRef = caseRef };

        // The same answer twice (a memory miss, then a hit), over gRPC and gRPC-Web.
        var first = await remediation.DiagnoseAsync(request, Options());
        await remediation.DiagnoseAsync(request, Options());
        using (var web = fixture.Server.CreateWebChannel(GrpcWebMode.GrpcWeb))
        {
            await new RemediationService.RemediationServiceClient(web).DiagnoseAsync(request, Options());
        }

        await remediation.ValidateDocumentAsync(new ValidateDocumentRequest { Platform = "dayu", Document = document }, Options());
        await statuses.GetVerificationStatusAsync(new GetVerificationStatusRequest { CaseRef = caseRef }, Options());
        var notFound = await Assert.ThrowsAsync<RpcException>(() => statuses.GetVerificationStatusAsync(new GetVerificationStatusRequest { CaseRef = unknownCaseRef }, Options()).ResponseAsync);
        var badPlatform = $"p-{idNumber}";
        var refused = await Assert.ThrowsAsync<RpcException>(() => remediation.DiagnoseAsync(new DiagnoseRequest { Platform = badPlatform, Message = message }, Options()).ResponseAsync);

        // A method the server does not have, named by an ID number.
        var unknownMethod = new Method<Empty, Empty>(MethodType.Unary, "realname.v1.RemediationService", idNumber,
            Marshallers.Create(m => m.ToByteArray(), Empty.Parser.ParseFrom), Marshallers.Create(m => m.ToByteArray(), Empty.Parser.ParseFrom));
        var unimplemented = await Assert.ThrowsAsync<RpcException>(() => _channel.CreateCallInvoker().AsyncUnaryCall(unknownMethod, null, Options(), new Empty()).ResponseAsync);
        Assert.Equal(StatusCode.Unimplemented, unimplemented.StatusCode);

        var rules = new HashSet<string>(StringComparer.Ordinal);
        var listing = new ListFailureRulesRequest { PageSize = 100 };
        do
        {
            var page = await remediation.ListFailureRulesAsync(listing, Options());
            rules.UnionWith(page.Rules.Select(r => r.RuleId));
            listing.PageToken = page.NextPageToken;
        }
        while (listing.PageToken.Length > 0);

        // The case count is read in the background; the Redis tier is written after the answer.
        PrometheusScrape scrape = null!;
        await Eventually.HoldsAsync(async () =>
        {
            scrape = await PrometheusScrape.ReadAsync(fixture.Server);
            return scrape.Sum("realname_status_cases", ("state", "action_required")) >= 1;
        }, "realname_status_cases counts the recorded case", TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(300));

        Assert.StartsWith("text/plain; version=0.0.4", scrape.ContentType, StringComparison.Ordinal);

        string[] secrets = [idNumber, idNumber[..17], name, marker, message, caseRef, unknownCaseRef, badPlatform];
        var output = fixture.Server.Output;
        foreach (var secret in secrets)
        {
            Assert.False(scrape.Text.Contains(secret, StringComparison.Ordinal), $"/metrics holds \"{secret}\"");
            Assert.False(output.Contains(secret, StringComparison.Ordinal), $"the server's output (logs and spans) holds \"{secret}\"");
        }

        Assert.All(scrape.Samples, s => Assert.All(s.Labels.Values, v => Assert.True(v.Length <= 100, $"{s.Name} has a label value of {v.Length} characters")));

        // gRPC calls: service, method and status, by the services' own names.
        var calls = scrape.Of("rpc_server_call_duration_seconds_count");
        Assert.NotEmpty(calls);
        Assert.All(scrape.Samples.Where(s => s.Name.StartsWith("rpc_server_call_duration_seconds", StringComparison.Ordinal)), s =>
        {
            Assert.Equal(["rpc_grpc_status_code", "rpc_method", "rpc_service", "rpc_system"], s.OwnLabelNames.Order());
            Assert.Equal("grpc", s["rpc_system"]);
            Assert.Contains(s["rpc_service"], Services);
            Assert.Matches("^([A-Z][A-Za-z]+|_OTHER)$", s["rpc_method"]);
            Assert.InRange(int.Parse(s["rpc_grpc_status_code"], System.Globalization.CultureInfo.InvariantCulture), 0, 16);
        });
        Assert.True(Calls("realname.v1.RemediationService", "Diagnose", StatusCode.OK) >= 3);
        Assert.True(Calls("realname.v1.RemediationService", "Diagnose", refused.StatusCode) >= 1);
        Assert.True(Calls("realname.v1.RemediationService", "ValidateDocument", StatusCode.OK) >= 1);
        Assert.True(Calls("realname.v1.VerificationStatusService", "GetVerificationStatus", notFound.StatusCode) >= 1);
        Assert.True(Calls("_OTHER", "_OTHER", StatusCode.Unimplemented) >= 1);

        // Diagnoses: catalog ids and enum names only.
        var diagnoses = scrape.Of("realname_diagnoses_total");
        Assert.All(diagnoses, s =>
        {
            Assert.Equal(["category", "outcome", "platform", "rule"], s.OwnLabelNames.Order());
            Assert.Contains(s["platform"], Platforms);
            Assert.True(rules.Contains(s["rule"]) || s["rule"] == "none", $"rule label {s["rule"]} is not a catalog rule");
            Assert.Contains(s["category"], System.Enum.GetNames<Category>());
            Assert.Contains(s["outcome"], System.Enum.GetNames<Outcome>());
        });
        Assert.True(scrape.Sum("realname_diagnoses_total", ("platform", "dayu"), ("rule", first.Diagnosis.RuleId),
            ("category", first.Diagnosis.Category.ToString()), ("outcome", first.Diagnosis.Outcome.ToString())) >= 3);

        // The cache per tier: the repeated answer was a memory hit; the first a miss of both tiers, computed.
        Assert.All(scrape.Of("realname_cache_lookups_total"), s =>
        {
            Assert.Equal(["result", "tier"], s.OwnLabelNames.Order());
            Assert.Contains(s["tier"], Tiers);
            Assert.Contains(s["result"], Results);
        });
        Assert.True(scrape.Sum("realname_cache_lookups_total", ("tier", "memory"), ("result", "hit")) >= 2);
        Assert.True(scrape.Sum("realname_cache_lookups_total", ("tier", "memory"), ("result", "miss")) >= 2);
        Assert.True(scrape.Sum("realname_cache_lookups_total", ("tier", "redis"), ("result", "miss")) >= 2);
        Assert.True(scrape.Sum("realname_cache_computations_total") >= 2);

        // Cases by state, and the breaker, closed.
        Assert.Equal(["action_required", "final", "ready_to_retry", "waiting"], scrape.Of("realname_status_cases").Select(s => s["state"]).Order());
        Assert.All(scrape.Of("realname_status_cases"), s => Assert.Equal(["state"], s.OwnLabelNames));
        Assert.Equal(0, Assert.Single(scrape.Of("realname_redis_breaker_open")).Value);

        // ASP.NET Core's request metric: routes, not paths.
        Assert.All(scrape.Of("http_server_request_duration_seconds_count").Where(s => s.Labels.ContainsKey("http_route")), s =>
            Assert.Matches(@"^(/(realname\.v1|grpc\.[a-z.v0-9]+)\.[A-Za-z]+/[A-Za-z]+|/healthz|[a-zA-Z.0-9{}]*/?\{unimplementedMethod:grpcunimplemented\}|\{unimplementedService\}/\{unimplementedMethod:grpcunimplemented\})$", s["http_route"]));

        // The per-call duplicates are left out, and the instruments they repeat are there.
        Assert.DoesNotContain(scrape.Samples, s => s.Name.StartsWith("kestrel_queued_requests", StringComparison.Ordinal)
            || s.Name.StartsWith("aspnetcore_rate_limiting_active_request_leases", StringComparison.Ordinal)
            || s.Name.StartsWith("aspnetcore_rate_limiting_request_lease_duration", StringComparison.Ordinal));
        Assert.NotEmpty(scrape.Of("http_server_active_requests"));
        Assert.NotEmpty(scrape.Of("aspnetcore_rate_limiting_requests_total"));

        double Calls(string service, string method, StatusCode status) => scrape.Sum("rpc_server_call_duration_seconds_count",
            ("rpc_service", service), ("rpc_method", method), ("rpc_grpc_status_code", ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_callers_traceparent_is_the_parent_of_the_call_span_and_the_engine_and_Redis_work_are_its_children()
    {
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var callerSpan = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.NextInt64()));
        var headers = new Metadata { { "traceparent", $"00-{traceId}-{callerSpan}-01" } };

        // A request of its own (a day of its own), so the cache misses and the engine runs.
        await new RemediationService.RemediationServiceClient(_channel).DiagnoseAsync(new DiagnoseRequest
        {
            Platform = "dayu",
            Message = FaceMismatch,
            OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-Random.Shared.Next(2, 300))),
            CaseRef = NewCaseRef("telemetry-trace"),
        }, Options(headers: headers));

        // Spans are printed as they end, the call's own last.
        IReadOnlyList<ConsoleSpan> spans = [];
        await Eventually.HoldsAsync(() =>
        {
            spans = [.. ConsoleSpans.Parse(fixture.Server.Output).Where(s => s.TraceId == traceId)];
            return Task.FromResult(spans.Any(s => s.ParentSpanId == callerSpan) && spans.Any(s => s.Name == "redis cache.write"));
        }, $"the spans of trace {traceId} are printed", TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(200));

        var call = Assert.Single(spans, s => s.ParentSpanId == callerSpan);
        Assert.Equal("POST /realname.v1.RemediationService/Diagnose", call.Name);
        var cache = Assert.Single(spans, s => s.Name == "cache diagnose");
        Assert.Equal(call.SpanId, cache.ParentSpanId);
        Assert.Equal(cache.SpanId, Assert.Single(spans, s => s.Name == "engine diagnose").ParentSpanId);
        Assert.Equal(cache.SpanId, Assert.Single(spans, s => s.Name == "redis cache.read").ParentSpanId);
        Assert.Equal(cache.SpanId, Assert.Single(spans, s => s.Name == "redis cache.write").ParentSpanId);
        var record = Assert.Single(spans, s => s.Name == "status record");
        Assert.Equal(call.SpanId, record.ParentSpanId);
        Assert.Equal(record.SpanId, Assert.Single(spans, s => s.Name == "redis status.record").ParentSpanId);
    }
}
