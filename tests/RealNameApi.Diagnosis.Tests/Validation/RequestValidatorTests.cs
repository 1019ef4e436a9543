using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Catalog;
using RealNameApi.Diagnosis.Validation;

namespace RealNameApi.Diagnosis.Tests.Validation;

public sealed class RequestValidatorTests
{
    private static readonly FailureCatalog Catalog = CatalogLoader.LoadEmbedded();
    private static readonly DateOnly Today = new(2026, 9, 30);

    private static DiagnoseRequest Valid() => new() { Platform = "dayu", Message = "未知客户端" };

    private static RequestError Invalid(DiagnoseRequest request)
    {
        var error = RequestValidator.Diagnose(request, Catalog, Today);
        Assert.NotNull(error);
        Assert.Equal(RequestErrorKind.InvalidArgument, error.Kind);
        return error;
    }

    private static void AssertViolation(RequestError error, string field) =>
        Assert.Contains(error.Violations, v => v.Field == field);

    [Fact]
    public void A_valid_request_passes()
    {
        Assert.Null(RequestValidator.Diagnose(Valid(), Catalog, Today));
    }

    [Fact]
    public void The_platform_is_required()
    {
        AssertViolation(Invalid(new DiagnoseRequest { Message = "未知客户端" }), "platform");
    }

    [Fact]
    public void An_unknown_platform_is_not_found_rather_than_invalid()
    {
        var error = RequestValidator.Diagnose(new DiagnoseRequest { Platform = "weibo", Message = "x" }, Catalog, Today);

        Assert.NotNull(error);
        Assert.Equal(RequestErrorKind.NotFound, error.Kind);
        Assert.Equal("PLATFORM_NOT_FOUND", error.Reason);
        Assert.Equal(5, error.StatusCode);
        Assert.DoesNotContain("weibo", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_code_a_message_or_a_document_is_required()
    {
        AssertViolation(Invalid(new DiagnoseRequest { Platform = "dayu", Message = "   " }), "message");
        Assert.Null(RequestValidator.Diagnose(new DiagnoseRequest { Platform = "dayu", Code = "E1" }, Catalog, Today));
        Assert.Null(RequestValidator.Diagnose(new DiagnoseRequest { Platform = "dayu", Document = new Document() }, Catalog, Today));
    }

    [Theory]
    [InlineData("message", 4097)]
    [InlineData("code", 65)]
    [InlineData("case_ref", 129)]
    [InlineData("document.number", 65)]
    [InlineData("document.holder_name", 129)]
    [InlineData("document.holder_name_en", 129)]
    public void Over_long_fields_are_named(string field, int length)
    {
        var request = Valid();
        request.Document = new Document();
        var text = new string('测', length);
        switch (field)
        {
            case "message": request.Message = text; break;
            case "code": request.Code = text; break;
            case "case_ref": request.CaseRef = text; break;
            case "document.number": request.Document.Number = text; break;
            case "document.holder_name": request.Document.HolderName = text; break;
            default: request.Document.HolderNameEn = text; break;
        }

        var error = Invalid(request);

        var violation = Assert.Single(error.Violations);
        Assert.Equal(field, violation.Field);
        Assert.DoesNotContain("测", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Limits_count_characters_not_utf16_units()
    {
        var request = Valid();
        request.Message = string.Concat(Enumerable.Repeat("𠀀", 4096));

        Assert.Null(RequestValidator.Diagnose(request, Catalog, Today));
    }

    [Theory]
    [InlineData(2026, 2, 29)]
    [InlineData(2026, 13, 1)]
    [InlineData(2026, 4, 31)]
    [InlineData(0, 1, 1)]
    [InlineData(2026, 0, 0)]
    public void Dates_that_do_not_exist_are_rejected(int year, int month, int day)
    {
        var request = Valid();
        request.Document = new Document { IssueDate = new Google.Type.Date { Year = year, Month = month, Day = day } };

        AssertViolation(Invalid(request), "document.issue_date");
    }

    [Fact]
    public void A_leap_day_is_a_date()
    {
        var request = Valid();
        request.Document = new Document { IssueDate = new Google.Type.Date { Year = 2024, Month = 2, Day = 29 } };

        Assert.Null(RequestValidator.Diagnose(request, Catalog, Today));
    }

    [Fact]
    public void Long_term_excludes_an_expiry_date()
    {
        var request = Valid();
        request.Document = new Document { LongTerm = true, ExpiryDate = new Google.Type.Date { Year = 2040, Month = 1, Day = 1 } };

        AssertViolation(Invalid(request), "document.expiry_date");
    }

    [Fact]
    public void File_problems_are_named_by_index()
    {
        var request = Valid();
        request.Document = new Document
        {
            Files =
            {
                new DocumentFile { FileName = "a.jpg", SizeBytes = 100_000 },
                new DocumentFile { FileName = "b.jpg", SizeBytes = 100_000 },
                new DocumentFile { FileName = "c.jpg", SizeBytes = -1, DetectedFormat = (ImageFormat)42, LeadingBytes = ByteString.CopyFrom(new byte[65]) },
            },
        };

        var error = Invalid(request);

        Assert.Equal(
            ["document.files[2].size_bytes", "document.files[2].detected_format", "document.files[2].leading_bytes"],
            error.Violations.Select(v => v.Field));
    }

    [Fact]
    public void More_than_eight_files_are_rejected()
    {
        var request = Valid();
        request.Document = new Document();
        request.Document.Files.AddRange(Enumerable.Range(0, 9).Select(_ => new DocumentFile { FileName = "x.jpg", SizeBytes = 60_000 }));

        AssertViolation(Invalid(request), "document.files");
    }

    [Fact]
    public void Enum_values_out_of_range_and_negative_counts_are_rejected()
    {
        var request = Valid();
        request.Document = new Document { Type = (DocumentType)99 };
        request.Subject = new Subject { Type = (SubjectType)7, Region = (Region)9, AccountsHeld = -1 };

        var error = Invalid(request);

        Assert.Equal(["document.type", "subject.type", "subject.region", "subject.accounts_held"], error.Violations.Select(v => v.Field));
    }

    [Fact]
    public void Occurred_at_must_be_a_valid_time_not_in_the_future()
    {
        var request = Valid();
        request.OccurredAt = new Timestamp { Seconds = 1, Nanos = -5 };
        AssertViolation(Invalid(request), "occurred_at");

        request.OccurredAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 10, 5, 0, 0, 0, TimeSpan.FromHours(8)));
        AssertViolation(Invalid(request), "occurred_at");

        // A day of slack for clocks around midnight.
        request.OccurredAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 10, 1, 0, 30, 0, TimeSpan.FromHours(8)));
        Assert.Null(RequestValidator.Diagnose(request, Catalog, Today));
    }

    [Fact]
    public void Every_violation_is_collected()
    {
        var error = Invalid(new DiagnoseRequest
        {
            Code = new string('x', 65),
            CaseRef = new string('x', 129),
            Subject = new Subject { AccountsHeld = -2 },
        });

        Assert.Equal(["platform", "code", "case_ref", "subject.accounts_held"], error.Violations.Select(v => v.Field).Except(["message"]));
    }

    [Fact]
    public void The_error_becomes_a_rich_status_without_personal_values()
    {
        var request = Valid();
        request.Document = new Document { Number = "34052419800101001X" + new string('9', 60), HolderName = "欧阳娜娜" + new string('娜', 130) };

        var status = Invalid(request).ToStatus();

        Assert.Equal((int)Code.InvalidArgument, status.Code);
        var badRequest = status.Details.Single(d => d.Is(BadRequest.Descriptor)).Unpack<BadRequest>();
        Assert.Equal(["document.number", "document.holder_name"], badRequest.FieldViolations.Select(v => v.Field));
        var info = status.Details.Single(d => d.Is(ErrorInfo.Descriptor)).Unpack<ErrorInfo>();
        Assert.Equal(("INVALID_REQUEST", "realname.v1"), (info.Reason, info.Domain));
        var text = status.ToString();
        Assert.DoesNotContain("34052419800101001X", text, StringComparison.Ordinal);
        Assert.DoesNotContain("欧阳", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_batch_holds_one_to_a_hundred_items()
    {
        Assert.NotNull(RequestValidator.BatchDiagnose(new BatchDiagnoseRequest()));
        var full = new BatchDiagnoseRequest();
        full.Requests.AddRange(Enumerable.Range(0, 100).Select(_ => Valid()));
        Assert.Null(RequestValidator.BatchDiagnose(full));
        full.Requests.Add(Valid());
        Assert.Equal("requests", Assert.Single(RequestValidator.BatchDiagnose(full)!.Violations).Field);
    }

    [Fact]
    public void Validate_document_needs_a_document_and_a_known_platform_if_any()
    {
        AssertViolationOf(RequestValidator.ValidateDocument(new ValidateDocumentRequest(), Catalog), "document");
        Assert.Null(RequestValidator.ValidateDocument(new ValidateDocumentRequest { Document = new Document() }, Catalog));
        Assert.Equal(RequestErrorKind.NotFound, RequestValidator.ValidateDocument(new ValidateDocumentRequest { Platform = "nope", Document = new Document() }, Catalog)?.Kind);
        AssertViolationOf(RequestValidator.ValidateDocument(new ValidateDocumentRequest { Document = new Document(), AsOf = new Timestamp { Seconds = long.MaxValue } }, Catalog), "as_of");
    }

    [Fact]
    public void Listing_checks_page_size_category_and_platform()
    {
        AssertViolationOf(RequestValidator.ListFailureRules(new ListFailureRulesRequest { PageSize = -1 }, Catalog), "page_size");
        AssertViolationOf(RequestValidator.ListFailureRules(new ListFailureRulesRequest { Category = (Category)77 }, Catalog), "category");
        Assert.Equal(RequestErrorKind.NotFound, RequestValidator.ListFailureRules(new ListFailureRulesRequest { Platform = "nope" }, Catalog)?.Kind);
        Assert.Null(RequestValidator.ListFailureRules(new ListFailureRulesRequest { PageSize = 1000 }, Catalog));
    }

    [Fact]
    public void A_policy_needs_a_platform()
    {
        AssertViolationOf(RequestValidator.GetPlatformPolicy(new GetPlatformPolicyRequest(), Catalog), "platform");
        Assert.Equal(RequestErrorKind.NotFound, RequestValidator.GetPlatformPolicy(new GetPlatformPolicyRequest { Platform = "nope" }, Catalog)?.Kind);
    }

    private static void AssertViolationOf(RequestError? error, string field)
    {
        Assert.NotNull(error);
        Assert.Equal(RequestErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(error.Violations, v => v.Field == field);
    }
}
