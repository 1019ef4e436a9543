using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Calendars;
using RealNameApi.Diagnosis.Catalog;
using RealNameApi.Diagnosis.Documents;
using RealNameApi.Diagnosis.Localization;
using RealNameApi.Diagnosis.Matching;
using RealNameApi.Diagnosis.Time;
using RealNameApi.Diagnosis.Validation;
using DiagnosisMessage = RealNameApi.Contracts.V1.Diagnosis;

namespace RealNameApi.Diagnosis.Engine;

/// <summary>
/// Answers every <c>RemediationService</c> question from the catalog, the calendar and the
/// document checks. Build it once at start-up; it is immutable and safe to share between threads.
/// </summary>
/// <remarks>
/// Each answer depends only on the request (its <c>case_ref</c> aside), the locale and the
/// caller's date in Shanghai, <c>today</c>: <c>occurred_at</c> counts by its Shanghai date. So
/// callers may cache answers under exactly those inputs plus <see cref="CatalogVersion"/>.
/// Bad input is never thrown: every method returns the request's error instead.
/// </remarks>
public sealed class DiagnosisEngine
{
    private readonly FailureCatalog _catalog;
    private readonly MessageMatcher _matcher;
    private readonly DocumentChecker _documents;
    private readonly LocalizedTemplates _templates;
    private readonly RetryPlanner _retry;
    private readonly AccountLimitEvaluator _limits;

    /// <summary>Composes the engine from a loaded catalog, the retry-window calculator and the document checker.</summary>
    public DiagnosisEngine(FailureCatalog catalog, RetryWindowCalculator retryWindows, DocumentChecker documents)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(retryWindows);
        ArgumentNullException.ThrowIfNull(documents);
        _catalog = catalog;
        _matcher = new MessageMatcher(catalog);
        _documents = documents;
        _templates = new LocalizedTemplates(catalog);
        _retry = new RetryPlanner(retryWindows);
        _limits = new AccountLimitEvaluator(_templates);
    }

    /// <summary>The version of the catalog behind every answer, derived from its content.</summary>
    public string CatalogVersion => _catalog.Version;

    /// <summary>The catalog behind every answer.</summary>
    public FailureCatalog Catalog => _catalog;

    /// <summary>
    /// Builds the engine from the embedded data, with the catalog and calendar files of the
    /// given directories (when set) replacing or adding to it.
    /// </summary>
    /// <exception cref="CatalogLoadException">The catalog data is invalid.</exception>
    public static DiagnosisEngine Create(string? catalogDirectory = null, string? calendarDirectory = null)
    {
        var calendar = WorkingDayCalendar.Load(calendarDirectory);
        var retryWindows = new RetryWindowCalculator(calendar);
        return new DiagnosisEngine(CatalogLoader.Load(catalogDirectory), retryWindows, new DocumentChecker(retryWindows));
    }

    /// <summary>Checks a <c>Diagnose</c> request (or batch item) without answering it.</summary>
    public RequestError? Validate(DiagnoseRequest request, DateOnly today) => RequestValidator.Diagnose(request, _catalog, today);

    /// <summary>Checks a <c>ValidateDocument</c> request without answering it.</summary>
    public RequestError? Validate(ValidateDocumentRequest request) => RequestValidator.ValidateDocument(request, _catalog);

    /// <summary>Diagnoses one failed verification.</summary>
    public EngineResult<DiagnosisMessage> Diagnose(DiagnoseRequest request, Locale locale, DateOnly today)
    {
        var error = Validate(request, today);
        return error is null ? new(Build(request, locale, today), null) : new(null, error);
    }

    /// <summary>
    /// Diagnoses up to 100 failures. A bad item gets its own error (field paths relative to the
    /// item); only an empty or oversized batch fails as a whole. Each item's locale is its own
    /// <c>locale</c> field, else <paramref name="acceptLanguage"/>.
    /// </summary>
    public EngineResult<BatchDiagnoseResponse> BatchDiagnose(BatchDiagnoseRequest request, string? acceptLanguage, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (RequestValidator.BatchDiagnose(request) is { } batchError)
        {
            return new(null, batchError);
        }

        var response = new BatchDiagnoseResponse();
        for (var i = 0; i < request.Requests.Count; i++)
        {
            var item = request.Requests[i];
            var result = new BatchDiagnoseResult { Index = i };
            if (Validate(item, today) is { } error)
            {
                result.Error = error.ToStatus();
            }
            else
            {
                result.Diagnosis = Build(item, Locales.Resolve(item.Locale, acceptLanguage), today);
            }

            response.Results.Add(result);
        }

        return new(response, null);
    }

    /// <summary>Checks a document against the platform's rules (or only the platform-independent ones).</summary>
    public EngineResult<ValidateDocumentResponse> ValidateDocument(ValidateDocumentRequest request, Locale locale, DateOnly today)
    {
        if (RequestValidator.ValidateDocument(request, _catalog) is { } error)
        {
            return new(null, error);
        }

        IReadOnlyList<UploadLimits> uploadLimits = [];
        if (request.Platform.Length > 0 && _catalog.TryGetPlatform(request.Platform, out var platform))
        {
            uploadLimits = platform.UploadLimits;
        }

        var asOf = request.AsOf is null ? today : ShanghaiTime.DateOf(request.AsOf);
        var findings = _documents.Check(request.Document, request.Subject, uploadLimits, asOf, locale);
        var response = new ValidateDocumentResponse { Locale = locale.Name(), Valid = true };
        response.Findings.AddRange(findings);
        foreach (var finding in findings)
        {
            response.Valid &= finding.Severity != FindingSeverity.Error;
            if (response.Retry is null && finding.Retry is { } wait)
            {
                response.Retry = wait.Clone();
            }
        }

        return new(response, null);
    }

    /// <summary>Lists the catalog's rules, ordered by platform and rule id, a page at a time.</summary>
    public EngineResult<ListFailureRulesResponse> ListFailureRules(ListFailureRulesRequest request, Locale locale)
    {
        if (RequestValidator.ListFailureRules(request, _catalog) is { } error)
        {
            return new(null, error);
        }

        var offset = 0;
        if (request.PageToken.Length > 0 && !PageToken.TryDecode(request.PageToken, request.Platform, request.Category, out offset))
        {
            return new(null, RequestError.Invalid([new FieldViolation("page_token", "was not issued by this service for these filters")]));
        }

        var matching = _catalog.Rules
            .Where(r => (request.Platform.Length == 0 || r.Platform == request.Platform)
                && (request.Category == Category.Unspecified || r.Category == request.Category))
            .ToList();
        if (offset > matching.Count)
        {
            return new(null, RequestError.Invalid([new FieldViolation("page_token", "points past the end of the list")]));
        }

        var size = request.PageSize == 0 ? RequestLimits.DefaultPageSize : Math.Min(request.PageSize, RequestLimits.MaxPageSize);
        var response = new ListFailureRulesResponse { TotalSize = matching.Count };
        foreach (var rule in matching.Skip(offset).Take(size))
        {
            response.Rules.Add(_templates.Rule(rule, locale));
        }

        if (offset + size < matching.Count)
        {
            response.NextPageToken = PageToken.Encode(offset + size, request.Platform, request.Category);
        }

        return new(response, null);
    }

    /// <summary>Returns a platform's policy.</summary>
    public EngineResult<PlatformPolicy> GetPlatformPolicy(GetPlatformPolicyRequest request, Locale locale)
    {
        if (RequestValidator.GetPlatformPolicy(request, _catalog) is { } error)
        {
            return new(null, error);
        }

        _catalog.TryGetPlatform(request.Platform, out var platform);
        return new(_templates.Policy(platform!, locale), null);
    }

    // The request is valid here.
    private DiagnosisMessage Build(DiagnoseRequest request, Locale locale, DateOnly today)
    {
        _catalog.TryGetPlatform(request.Platform, out var platform);
        var match = _matcher.Match(platform!.Id, request.Code, request.Message);
        var rule = match.Rule ?? platform.Unknown;

        var diagnosis = _templates.Diagnosis(rule, locale);
        diagnosis.Confidence = Math.Round(match.Confidence, 3);
        diagnosis.MatchKind = match.Kind;
        foreach (var alternative in match.Alternatives)
        {
            diagnosis.Alternatives.Add(new Alternative
            {
                RuleId = alternative.Rule.Id,
                Title = alternative.Rule.Title.For(locale),
                Outcome = alternative.Rule.Outcome,
                Confidence = Math.Round(alternative.Confidence, 3),
            });
        }

        IReadOnlyList<DocumentFinding> findings = [];
        if (request.Document is not null)
        {
            findings = _documents.Check(request.Document, request.Subject, platform.UploadLimits, today, locale);
            diagnosis.Findings.AddRange(findings);
        }

        var occurred = request.OccurredAt is null ? today : ShanghaiTime.DateOf(request.OccurredAt);
        (diagnosis.Retry, diagnosis.Outcome) = _retry.Plan(rule, occurred, today, request.Document, findings);
        diagnosis.AccountLimit = _limits.Evaluate(platform, rule, request.Subject, request.Document, locale);
        return diagnosis;
    }
}
