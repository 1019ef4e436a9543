using Google.Protobuf;
using Grpc.Net.Client;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using RealNameApi.Client;
using RealNameApi.Contracts.V1;
using Grpc.Core;
using RealNameApi.Server.Tests.Infrastructure;
using static RealNameApi.Server.Tests.Infrastructure.Calls;

namespace RealNameApi.Server.Tests;

/// <summary>
/// <c>realname.v1.RemediationService</c> through the typed C# client, against the built server
/// running as its own process in the embedded default (no Redis).
/// </summary>
[Collection(EmbeddedServerGroup.Name)]
public sealed class RemediationServiceTests(EmbeddedServer fixture) : IDisposable
{
    private readonly GrpcChannel _channel = fixture.Server.CreateChannel();

    private RemediationService.RemediationServiceClient Client => new(_channel);

    public void Dispose() => _channel.Dispose();

    [Fact]
    public async Task Diagnose_maps_the_dayu_police_photo_prompt_to_face_mismatch_in_chinese_by_default()
    {
        var response = await Client.DiagnoseAsync(new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch }, Options());

        var diagnosis = response.Diagnosis;
        Assert.Equal("dayu", diagnosis.Platform);
        Assert.Equal(Category.FaceMismatch, diagnosis.Category);
        Assert.Equal("dayu.face-mismatch-police-photo", diagnosis.RuleId);
        Assert.Equal(MatchKind.Exact, diagnosis.MatchKind);
        Assert.Equal(Outcome.FixAndRetry, diagnosis.Outcome);
        Assert.Equal("zh-CN", diagnosis.Locale);
        Assert.Contains(diagnosis.Title, c => c >= 0x4E00 && c <= 0x9FFF);
        Assert.NotEmpty(diagnosis.Steps);
        Assert.All(diagnosis.Steps, step => Assert.False(string.IsNullOrWhiteSpace(step.Text)));
        Assert.False(string.IsNullOrEmpty(diagnosis.CatalogVersion));
    }

    [Fact]
    public async Task Diagnose_answers_in_english_when_the_locale_field_or_the_accept_language_header_asks()
    {
        var chinese = (await Client.DiagnoseAsync(new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch }, Options())).Diagnosis;
        var byField = (await Client.DiagnoseAsync(new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch, Locale = "en" }, Options())).Diagnosis;
        var byHeader = (await Client.DiagnoseAsync(new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch }, AcceptLanguage("en-US,en;q=0.9"))).Diagnosis;

        foreach (var english in new[] { byField, byHeader })
        {
            Assert.Equal("en", english.Locale);
            Assert.Equal(chinese.RuleId, english.RuleId);
            Assert.Equal(Category.FaceMismatch, english.Category);
            Assert.NotEqual(chinese.Title, english.Title);
            Assert.Matches("^[\\x20-\\x7E]+$", english.Title);
            Assert.Equal(chinese.Steps.Count, english.Steps.Count);
            Assert.All(english.Steps, step => Assert.DoesNotContain(step.Text, c => c >= 0x4E00 && c <= 0x9FFF));
        }

        // The field wins over the header.
        var fieldOverHeader = (await Client.DiagnoseAsync(new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch, Locale = "zh-CN" }, AcceptLanguage("en"))).Diagnosis;
        Assert.Equal("zh-CN", fieldOverHeader.Locale);
        Assert.Equal(byField, byHeader);
    }

    [Fact]
    public async Task Diagnose_sends_exactly_the_bytes_protobuf_writes_for_its_answer_computed_cached_and_recorded()
    {
        // The server writes a cached answer from its stored encoding, not through the generated
        // serializer: the bytes on the wire must still be the message's own canonical encoding.
        using var http = RawGrpc.Client();
        var request = new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch, Code = "wire-bytes", Locale = "en" };
        foreach (var caseRef in new[] { "", "", "case-wire-bytes" })
        {
            request.CaseRef = caseRef;
            var response = await RawGrpc.SendAsync(http, RawGrpc.Request(fixture.Server.GrpcAddress, "/realname.v1.RemediationService/Diagnose", new ByteArrayContent(RawGrpc.Frame(request))));

            Assert.Equal(StatusCode.OK, response.GrpcStatus);
            Assert.Equal(0, response.Body[0]);
            Assert.Equal(response.Body.Length - 5, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(response.Body.AsSpan(1)));
            var message = response.Body[5..];
            var answer = DiagnoseResponse.Parser.ParseFrom(message);
            Assert.Equal(answer.ToByteArray(), message);
            Assert.Equal("dayu.face-mismatch-police-photo", answer.Diagnosis.RuleId);
            Assert.Equal(caseRef.Length == 0 ? CaseRecording.NotRequested : CaseRecording.Recorded, answer.Recording);
        }
    }

    [Fact]
    public async Task The_same_Diagnose_twice_returns_equal_answers_also_later_the_same_day()
    {
        var now = DateTimeOffset.UtcNow;
        var request = new DiagnoseRequest
        {
            Platform = "aliyun-domain",
            Message = "不在实名库中",
            OccurredAt = Timestamp.FromDateTimeOffset(now.AddMinutes(-5)),
            Locale = "en",
        };
        var first = await Client.DiagnoseAsync(request, Options());
        var second = await Client.DiagnoseAsync(request, Options());
        Assert.Equal(first, second);
        Assert.Equal(Outcome.WaitThenRetry, first.Diagnosis.Outcome);
        Assert.NotNull(first.Diagnosis.Retry?.Earliest);

        // occurred_at counts by its Shanghai date only: a minute earlier the same day gets the same answer.
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var local = TimeZoneInfo.ConvertTime(now.AddMinutes(-5), shanghai);
        if (local.TimeOfDay > TimeSpan.FromMinutes(1))
        {
            var earlier = request.Clone();
            earlier.OccurredAt = Timestamp.FromDateTimeOffset(now.AddMinutes(-6));
            Assert.Equal(first, await Client.DiagnoseAsync(earlier, Options()));
        }
    }

    [Fact]
    public async Task BatchDiagnose_answers_each_item_and_gives_a_bad_item_its_own_error()
    {
        var response = await Client.BatchDiagnoseAsync(new BatchDiagnoseRequest
        {
            Requests =
            {
                new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch },
                new DiagnoseRequest { Message = FaceMismatch },
                new DiagnoseRequest { Platform = "aliyun-domain", Message = "不在实名库中" },
            },
        }, AcceptLanguage("en"));

        Assert.Equal([0, 1, 2], response.Results.Select(r => r.Index));
        Assert.Equal(BatchDiagnoseResult.ResultOneofCase.Diagnosis, response.Results[0].ResultCase);
        Assert.Equal(Category.FaceMismatch, response.Results[0].Diagnosis.Category);
        Assert.Equal("en", response.Results[0].Diagnosis.Locale);
        Assert.Equal(BatchDiagnoseResult.ResultOneofCase.Diagnosis, response.Results[2].ResultCase);
        Assert.Equal("aliyun-domain", response.Results[2].Diagnosis.Platform);

        Assert.Equal(BatchDiagnoseResult.ResultOneofCase.Error, response.Results[1].ResultCase);
        var error = response.Results[1].Error;
        Assert.Equal((int)Code.InvalidArgument, error.Code);
        var badRequest = error.Details.Single(d => d.Is(BadRequest.Descriptor)).Unpack<BadRequest>();
        Assert.Contains(badRequest.FieldViolations, v => v.Field == "platform");
        Assert.Equal("realname.v1", error.Details.Single(d => d.Is(ErrorInfo.Descriptor)).Unpack<ErrorInfo>().Domain);
    }

    [Fact]
    public async Task ValidateDocument_finds_a_bad_check_digit_and_passes_a_good_number()
    {
        // Fixed numbers: with a random one, a wrong check digit can by chance make the 18 digits a
        // valid unified social credit code, which the engine then reports as a type mismatch.
        const string good = "11010519491231002X";
        const string bad = "110105194912310021";

        var valid = await Client.ValidateDocumentAsync(new ValidateDocumentRequest
        {
            Platform = "dayu",
            Document = new Document { Type = DocumentType.ResidentIdCard, Number = good, HolderName = "张三", LongTerm = true },
        }, Options());
        Assert.True(valid.Valid, valid.ToString());
        Assert.DoesNotContain(valid.Findings, f => f.Severity == FindingSeverity.Error);

        var invalid = await Client.ValidateDocumentAsync(new ValidateDocumentRequest
        {
            Platform = "dayu",
            Document = new Document { Type = DocumentType.ResidentIdCard, Number = bad, HolderName = "张三", LongTerm = true },
            Locale = "en",
        }, Options());
        Assert.False(invalid.Valid);
        Assert.Equal("en", invalid.Locale);
        var finding = Assert.Single(invalid.Findings, f => f.Code == FindingCode.NumberChecksum);
        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Equal("document.number", finding.Field);
    }

    [Fact]
    public async Task ListFailureRules_pages_through_every_rule_with_page_tokens()
    {
        var everything = await Client.ListFailureRulesAsync(new ListFailureRulesRequest { PageSize = 1000 }, Options());
        Assert.Empty(everything.NextPageToken);
        Assert.True(everything.Rules.Count > 10, $"only {everything.Rules.Count} rules");

        var paged = new List<FailureRule>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await Client.ListFailureRulesAsync(new ListFailureRulesRequest { PageSize = 7, PageToken = token }, Options());
            Assert.InRange(page.Rules.Count, 1, 7);
            paged.AddRange(page.Rules);
            token = page.NextPageToken;
            Assert.True(++pages < 100, "the pages never end");
        }
        while (token.Length > 0);

        Assert.Equal((everything.Rules.Count + 6) / 7, pages);
        Assert.Equal(everything.Rules.Select(r => r.RuleId), paged.Select(r => r.RuleId));
        Assert.Equal(paged.Count, paged.Select(r => r.RuleId).Distinct().Count());
        Assert.Equal(["aliyun-domain", "dayu"], paged.Select(r => r.Platform).Distinct().Order());

        var faceRule = paged.Single(r => r.RuleId == "dayu.face-mismatch-police-photo");
        Assert.Contains(FaceMismatch, faceRule.KnownMessages);
        Assert.Equal(Category.FaceMismatch, faceRule.Category);

        // Filters page too, and a token only continues the listing it was issued for.
        var firstDayuPage = await Client.ListFailureRulesAsync(new ListFailureRulesRequest { Platform = "dayu", PageSize = 3 }, Options());
        Assert.All(firstDayuPage.Rules, r => Assert.Equal("dayu", r.Platform));
        Assert.NotEmpty(firstDayuPage.NextPageToken);
        var mismatched = await Assert.ThrowsAsync<RpcException>(() => Client.ListFailureRulesAsync(
            new ListFailureRulesRequest { Platform = "aliyun-domain", PageSize = 3, PageToken = firstDayuPage.NextPageToken }, Options()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, mismatched.StatusCode);
        Assert.Contains(mismatched.ToRealNameApiError().BadRequest!.FieldViolations, v => v.Field == "page_token");
    }

    [Fact]
    public async Task GetPlatformPolicy_describes_the_platform_with_its_rule_count()
    {
        var policy = (await Client.GetPlatformPolicyAsync(new GetPlatformPolicyRequest { Platform = "dayu", Locale = "en" }, Options())).Policy;
        var rules = await Client.ListFailureRulesAsync(new ListFailureRulesRequest { Platform = "dayu", PageSize = 1000 }, Options());
        var diagnosis = (await Client.DiagnoseAsync(new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch }, Options())).Diagnosis;

        Assert.Equal("dayu", policy.Platform);
        Assert.False(string.IsNullOrWhiteSpace(policy.DisplayName));
        Assert.Equal(rules.Rules.Count, policy.RuleCount);
        Assert.Equal(diagnosis.CatalogVersion, policy.CatalogVersion);
        Assert.NotEmpty(policy.AccountLimits);
        Assert.NotEmpty(policy.Escalation.Channels);
    }

    [Fact]
    public async Task A_request_without_platform_is_INVALID_ARGUMENT_with_field_violation_error_info_and_localized_message()
    {
        var chinese = await Assert.ThrowsAsync<RpcException>(() =>
            Client.DiagnoseAsync(new DiagnoseRequest { Message = FaceMismatch }, Options()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, chinese.StatusCode);
        Assert.Contains(chinese.ToRealNameApiError().BadRequest!.FieldViolations, v => v.Field == "platform");
        Assert.Equal("realname.v1", chinese.ToRealNameApiError().ErrorInfo!.Domain);
        Assert.False(string.IsNullOrEmpty(chinese.ToRealNameApiError().ErrorInfo!.Reason));
        Assert.Equal("zh-CN", chinese.ToRealNameApiError().LocalizedMessage!.Locale);
        Assert.Contains(chinese.ToRealNameApiError().LocalizedMessage!.Message, c => c >= 0x4E00 && c <= 0x9FFF);
        Assert.Equal((int)StatusCode.InvalidArgument, chinese.GetRpcStatus()!.Code);

        var english = await Assert.ThrowsAsync<RpcException>(() =>
            Client.DiagnoseAsync(new DiagnoseRequest { Message = FaceMismatch }, AcceptLanguage("en")).ResponseAsync);
        Assert.Equal("en", english.ToRealNameApiError().LocalizedMessage!.Locale);
        Assert.Matches("^[\\x20-\\x7E]+$", english.ToRealNameApiError().LocalizedMessage!.Message);
    }

    [Fact]
    public async Task Every_bad_field_is_named_in_the_field_violations()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.DiagnoseAsync(new DiagnoseRequest
        {
            Platform = "dayu",
            Message = FaceMismatch,
            Document = new Document { Type = DocumentType.ResidentIdCard, Number = new string('1', 65) },
            OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(5)),
        }, Options()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["document.number", "occurred_at"], error.ToRealNameApiError().BadRequest!.FieldViolations.Select(v => v.Field).Order());
        Assert.Equal("realname.v1", error.ToRealNameApiError().ErrorInfo!.Domain);
        Assert.NotNull(error.ToRealNameApiError().LocalizedMessage);

        var validate = await Assert.ThrowsAsync<RpcException>(() =>
            Client.ValidateDocumentAsync(new ValidateDocumentRequest { Platform = "dayu" }, Options()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, validate.StatusCode);
        Assert.Contains(validate.ToRealNameApiError().BadRequest!.FieldViolations, v => v.Field == "document");
    }

    [Fact]
    public async Task An_unknown_platform_is_NOT_FOUND()
    {
        var diagnose = await Assert.ThrowsAsync<RpcException>(() =>
            Client.DiagnoseAsync(new DiagnoseRequest { Platform = "no-such-platform", Message = "x" }, Options()).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, diagnose.StatusCode);
        Assert.Equal("realname.v1", diagnose.ToRealNameApiError().ErrorInfo!.Domain);
        Assert.Contains(diagnose.ToRealNameApiError().BadRequest!.FieldViolations, v => v.Field == "platform");
        Assert.NotNull(diagnose.ToRealNameApiError().LocalizedMessage);
        // The details name the platforms there are, which a caller can act on.
        Assert.Equal(["aliyun-domain", "dayu"], diagnose.ToRealNameApiError().ValidPlatforms);

        var policy = await Assert.ThrowsAsync<RpcException>(() =>
            Client.GetPlatformPolicyAsync(new GetPlatformPolicyRequest { Platform = "no-such-platform" }, Options()).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, policy.StatusCode);

        var rules = await Assert.ThrowsAsync<RpcException>(() =>
            Client.ListFailureRulesAsync(new ListFailureRulesRequest { Platform = "no-such-platform" }, Options()).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, rules.StatusCode);
    }
}
