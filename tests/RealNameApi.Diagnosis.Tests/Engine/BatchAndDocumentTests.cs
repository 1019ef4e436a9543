using Google.Rpc;
using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Localization;
using RealNameApi.Diagnosis.Validation;
using static RealNameApi.Diagnosis.Tests.Engine.EngineFixture;

namespace RealNameApi.Diagnosis.Tests.Engine;

/// <summary>BatchDiagnose and ValidateDocument.</summary>
public sealed class BatchAndDocumentTests
{
    private static readonly DateOnly Today = Day("2026-09-30");

    [Fact]
    public void A_batch_answers_every_item_and_fails_only_the_bad_ones()
    {
        var request = new BatchDiagnoseRequest
        {
            Requests =
            {
                new DiagnoseRequest { Platform = "dayu", Message = "未知客户端" },
                new DiagnoseRequest { Platform = "dayu", Message = new string('x', 5000) },
                new DiagnoseRequest { Platform = "weibo", Message = "x" },
                new DiagnoseRequest { Platform = "aliyun-domain", Message = "国防机构", Locale = "en" },
            },
        };

        var result = Service.BatchDiagnose(request, "zh-CN", Today);

        Assert.True(result.IsOk);
        var results = result.Value.Results;
        Assert.Equal([0, 1, 2, 3], results.Select(r => r.Index));
        Assert.Equal("dayu.unknown-client", results[0].Diagnosis.RuleId);
        Assert.Equal("zh-CN", results[0].Diagnosis.Locale);
        Assert.Equal((int)Code.InvalidArgument, results[1].Error.Code);
        var badRequest = results[1].Error.Details.Single(d => d.Is(BadRequest.Descriptor)).Unpack<BadRequest>();
        Assert.Equal("message", Assert.Single(badRequest.FieldViolations).Field);
        Assert.Equal((int)Code.NotFound, results[2].Error.Code);
        Assert.Equal("en", results[3].Diagnosis.Locale);
        Assert.Equal(Outcome.ChangeDocumentOrSubject, results[3].Diagnosis.Outcome);
    }

    [Fact]
    public void An_item_answers_as_diagnose_would()
    {
        var item = new DiagnoseRequest { Platform = "aliyun-domain", Message = "注册者身份有效性验证失败", OccurredAt = Shanghai("2026-09-30T10:00") };

        var batch = Service.BatchDiagnose(new BatchDiagnoseRequest { Requests = { item } }, null, Today).Value!;
        var single = Service.Diagnose(item, Locale.ZhCN, Today).Value;

        Assert.Equal(single, batch.Results[0].Diagnosis);
    }

    [Fact]
    public void An_empty_or_oversized_batch_fails_as_a_whole()
    {
        Assert.Equal(RequestErrorKind.InvalidArgument, Service.BatchDiagnose(new BatchDiagnoseRequest(), null, Today).Error?.Kind);
        var big = new BatchDiagnoseRequest();
        big.Requests.AddRange(Enumerable.Range(0, 101).Select(_ => new DiagnoseRequest { Platform = "dayu", Message = "x" }));
        Assert.Equal("requests", Service.BatchDiagnose(big, null, Today).Error?.Violations[0].Field);
    }

    [Fact]
    public void A_clean_document_is_valid()
    {
        var result = Service.ValidateDocument(
            new ValidateDocumentRequest
            {
                Platform = "aliyun-domain",
                Document = new Document
                {
                    Type = DocumentType.ResidentIdCard,
                    Number = "11010519491231002X",
                    IssueDate = Date(2015, 6, 1),
                    LongTerm = true,
                    Files = { new DocumentFile { FileName = "front.jpg", SizeBytes = 800_000, DetectedFormat = ImageFormat.Jpeg, ColorMode = ColorMode.Color, Channel = UploadChannel.Console } },
                },
            },
            Locale.ZhCN,
            Today);

        Assert.True(result.IsOk, result.Error?.ToString());
        Assert.True(result.Value.Valid, string.Join("; ", result.Value.Findings.Select(f => f.Message)));
        Assert.Equal("zh-CN", result.Value.Locale);
        Assert.Null(result.Value.Retry);
    }

    [Fact]
    public void The_api_channel_limits_apply_to_api_uploads()
    {
        var request = new ValidateDocumentRequest
        {
            Platform = "aliyun-domain",
            Document = new Document { Files = { new DocumentFile { FileName = "front.png", SizeBytes = 2_000_000, DetectedFormat = ImageFormat.Png, Channel = UploadChannel.Api } } },
        };

        var result = Service.ValidateDocument(request, Locale.En, Today).Value!;

        Assert.False(result.Valid);
        Assert.Contains(result.Findings, f => f.Code == FindingCode.FileTooLarge);
        Assert.Contains(result.Findings, f => f.Code == FindingCode.FileFormat);
    }

    [Fact]
    public void Without_a_platform_only_platform_independent_checks_run()
    {
        var request = new ValidateDocumentRequest
        {
            Document = new Document { Files = { new DocumentFile { FileName = "front.png", SizeBytes = 20_000_000, DetectedFormat = ImageFormat.Png } } },
        };

        Assert.DoesNotContain(Service.ValidateDocument(request, Locale.En, Today).Value!.Findings, f => f.Code == FindingCode.FileTooLarge);
    }

    [Fact]
    public void A_newly_issued_document_gets_a_window_and_as_of_sets_the_day()
    {
        var request = new ValidateDocumentRequest
        {
            Document = new Document { Type = DocumentType.ResidentIdCard, IssueDate = Date(2026, 9, 25), LongTerm = false },
            AsOf = Shanghai("2026-09-28T12:00"),
        };

        var result = Service.ValidateDocument(request, Locale.ZhCN, Today).Value!;

        Assert.Equal(RetryAnchor.IssueDate, result.Retry.Anchor);
        Assert.Equal(new DateOnly(2026, 10, 5), DateOnly.FromDateTime(ToShanghai(result.Retry.Earliest).DateTime));

        request.AsOf = Shanghai("2026-10-20T12:00");
        Assert.Null(Service.ValidateDocument(request, Locale.ZhCN, Today).Value!.Retry);
    }

    [Fact]
    public void A_bad_document_request_is_an_error_not_an_exception()
    {
        var result = Service.ValidateDocument(new ValidateDocumentRequest { Platform = "nope", Document = new Document() }, Locale.ZhCN, Today);

        Assert.Equal(RequestErrorKind.NotFound, result.Error?.Kind);
    }
}
