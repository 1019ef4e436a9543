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
/// caller's date in Shanghai, <c>today</c>: <c>occurred_at</c> counts by its Shanghai date, and
/// the document is judged at it (today only stands in for a missing <c>occurred_at</c>). So
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
    private readonly EvidenceFusion _fusion;

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
        _fusion = new EvidenceFusion(catalog);
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

    // The request is valid here. The evidence is weighed by EvidenceFusion; this only words the answer.
    private DiagnosisMessage Build(DiagnoseRequest request, Locale locale, DateOnly today)
    {
        _catalog.TryGetPlatform(request.Platform, out var platform);
        var match = _matcher.Match(platform!.Id, request.Code, request.Message);

        // Everything about the document is judged on the day of the failure.
        var occurred = request.OccurredAt is null ? today : ShanghaiTime.DateOf(request.OccurredAt);
        var subjectType = SubjectTypes.Of(platform, request.Subject, request.Document);
        IReadOnlyList<DocumentFinding> findings = request.Document is null
            ? []
            : _documents.Check(request.Document, request.Subject, platform.UploadLimits, occurred, locale);
        var limit = _limits.Evaluate(platform, match.Rule ?? platform.Unknown, request.Subject, subjectType, locale);
        var decision = _fusion.Decide(platform, match, findings, limit);
        var rule = decision.Rule;

        var diagnosis = _templates.Diagnosis(rule, locale, subjectType);
        var evidence = decision.Evidence;
        if (rule == match.Rule)
        {
            diagnosis.Confidence = Math.Round(match.Confidence, 3);
            diagnosis.MatchKind = match.Kind;
        }
        else if (evidence is DecidingEvidence.AccountLimit or DecidingEvidence.DocumentFindings)
        {
            // Computed from the request's facts, not guessed from its words.
            diagnosis.Confidence = 1;
            diagnosis.MatchKind = MatchKind.Evidence;
        }
        else
        {
            diagnosis.Confidence = Math.Round(match.Confidence, 3);
            diagnosis.MatchKind = match.Kind;
        }

        AddAlternatives(diagnosis, match, rule, locale);
        diagnosis.Findings.AddRange(findings);
        if (rule == platform.Unknown && evidence != DecidingEvidence.None)
        {
            WordWithoutRule(diagnosis, decision, limit, locale);
        }

        for (var i = decision.Leading.Count - 1; i >= 0; i--)
        {
            diagnosis.Steps.Insert(0, new RemediationStep { Text = decision.Leading[i].Message });
        }

        if (decision.Outcome is { } imposed)
        {
            diagnosis.Outcome = imposed;
            diagnosis.Retry = _retry.AfterCorrection(occurred, findings);
            if (evidence == DecidingEvidence.AccountLimit)
            {
                // Another subject can try at once; the document's own waits are not this subject's problem.
                diagnosis.Retry = _retry.AfterCorrection(occurred, []);
            }
        }
        else
        {
            (diagnosis.Retry, var outcome, var fromDocument) = _retry.Plan(rule, occurred, request.Document, findings);
            diagnosis.Outcome = outcome;
            if (rule == platform.Unknown && evidence == DecidingEvidence.DocumentFindings)
            {
                diagnosis.Outcome = diagnosis.Retry.Earliest > ShanghaiTime.StartOfDayTimestamp(occurred) ? Outcome.WaitThenRetry : Outcome.FixAndRetry;
            }

            if (fromDocument && evidence == DecidingEvidence.MessageRule)
            {
                // The document's wait changed the answer: say so, and explain it first.
                evidence = DecidingEvidence.DocumentFindings;
                foreach (var finding in findings)
                {
                    if (finding.Retry is not null)
                    {
                        diagnosis.Steps.Insert(0, new RemediationStep { Text = finding.Message });
                        break;
                    }
                }
            }
        }

        diagnosis.AccountLimit = limit;
        diagnosis.DecidedBy = evidence;
        return diagnosis;
    }

    // The message's rule, when the answer is another's, comes first: it still says what the user saw.
    private static void AddAlternatives(DiagnosisMessage diagnosis, MatchResult match, RuleDefinition rule, Locale locale)
    {
        if (match.Rule is { } matched && matched != rule)
        {
            diagnosis.Alternatives.Add(Alternative(matched, match.Confidence, locale));
        }

        foreach (var alternative in match.Alternatives)
        {
            if (alternative.Rule != rule)
            {
                diagnosis.Alternatives.Add(Alternative(alternative.Rule, alternative.Confidence, locale));
            }
        }
    }

    private static Alternative Alternative(RuleDefinition rule, double confidence, Locale locale) => new()
    {
        RuleId = rule.Id,
        Title = rule.Title.For(locale),
        Outcome = rule.Outcome,
        Confidence = Math.Round(confidence, 3),
    };

    // A diagnosis decided by evidence that no rule of the catalog words: the document's findings
    // or the account limit's options are the steps; the unknown rule's generic steps do not apply.
    private static void WordWithoutRule(DiagnosisMessage diagnosis, Decision decision, AccountLimit? limit, Locale locale)
    {
        diagnosis.Steps.Clear();
        if (decision.Evidence == DecidingEvidence.AccountLimit && limit is not null)
        {
            diagnosis.Category = Category.AccountLimit;
            diagnosis.Title = EvidenceTexts.LimitTitle.For(locale);
            diagnosis.Summary = limit.Description;
            foreach (var option in limit.Options)
            {
                diagnosis.Steps.Add(new RemediationStep { Text = option });
            }

            return;
        }

        diagnosis.Title = EvidenceTexts.DocumentTitle.For(locale);
        diagnosis.Summary = EvidenceTexts.DocumentSummary.For(locale);
        diagnosis.Category = decision.Leading.Count == 0 ? Category.Other : CategoryOf(decision.Leading[0].Code);
    }

    private static Category CategoryOf(FindingCode code) => code switch
    {
        FindingCode.NumberLength or FindingCode.NumberCharset or FindingCode.NumberChecksum or FindingCode.IdBirthDate
            or FindingCode.IdLegacy15Digit or FindingCode.NumberLikelyTypo or FindingCode.TypeNumberMismatch => Category.IdentityMismatch,
        FindingCode.NewlyIssued => Category.DataSync,
        FindingCode.Expired or FindingCode.ExpiringSoon or FindingCode.ValidityPeriod => Category.DocumentInvalid,
        FindingCode.FileTooSmall or FindingCode.FileTooLarge or FindingCode.FileFormat or FindingCode.FileExtensionMismatch => Category.Upload,
        FindingCode.FileNotColor => Category.DocumentImage,
        FindingCode.RegionMismatch => Category.Region,
        FindingCode.NameSeparator or FindingCode.NameFullWidth or FindingCode.CountryCode => Category.ContactInfo,
        _ => Category.Other,
    };
}
