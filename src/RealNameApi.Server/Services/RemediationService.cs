using Grpc.Core;
using RealNameApi.Caching.Keys;
using RealNameApi.Caching.Results;
using RealNameApi.Caching.Status;
using RealNameApi.Contracts.V1;
using Generated = RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Engine;
using RealNameApi.Diagnosis.Localization;
using RealNameApi.Diagnosis.Time;
using RealNameApi.Server.Auth;
using RealNameApi.Server.Telemetry;

namespace RealNameApi.Server.Services;

/// <summary>
/// <c>realname.v1.RemediationService</c>: the diagnosis engine behind the result cache, and each
/// diagnosed case recorded for <c>VerificationStatusService</c>, in the caller's tenant.
/// </summary>
/// <remarks>
/// An answer depends only on the request (its <c>case_ref</c> aside), the locale, the catalog and
/// the date in Shanghai, so it is cached under exactly those. <c>occurred_at</c> and <c>as_of</c>
/// count by their Shanghai date, so they are cut to the start of that day first: the same failure
/// reported at 09:00 and 17:00 shares one entry, and the answer is the one computed. Entries are
/// per tenant: an answer holds nothing of its tenant, but a shared entry would let one tenant
/// tell, by how fast it is answered, that another sent the same document number and name today.
/// <para>
/// Bound by <see cref="RemediationServiceBinding"/> rather than derived from the generated base
/// class, so that <c>Diagnose</c> can answer with the cached encoding and requests are read by
/// <see cref="MalformedRequestBinder"/>; the methods are virtual because grpc-dotnet binds the
/// methods a service's bind method declares, and it checks at start-up that each RPC of the
/// proto has one here.
/// </para>
/// </remarks>
[BindServiceMethod(typeof(RemediationServiceBinding), nameof(RemediationServiceBinding.BindService))]
public class RemediationService(
    DiagnosisEngine engine,
    IResultCache cache,
    KeyedHasher hasher,
    IVerificationStatusStore statuses,
    Tenants tenants,
    TimeProvider time)
{
    /// <summary>
    /// Diagnoses one failure; records the case when it carries a <c>case_ref</c>. The answer goes
    /// out as the encoding the cache keeps (<see cref="DiagnoseReply"/>).
    /// </summary>
    public virtual async Task<DiagnoseReply> Diagnose(DiagnoseRequest request, ServerCallContext context)
    {
        var today = Today();
        var locale = LocaleOf(request.Locale, context);
        if (engine.Validate(request, today) is { } error)
        {
            throw new RequestErrorException(error, locale);
        }

        var tenant = tenants.Of(context);
        var canonical = request.Clone();
        canonical.CaseRef = "";
        canonical.Locale = "";
        canonical.OccurredAt = StartOfDay(request.OccurredAt);
        var key = hasher.ResultKey(tenant, "diagnose", canonical, engine.CatalogVersion, locale.Name(), today);
        EncodedAnswer<Generated.Diagnosis> diagnosis;
        using (ServerTelemetry.StartSpan("cache diagnose"))
        {
            diagnosis = await cache.GetOrCreateEncodedAsync(key, (engine, canonical, locale, today),
                static s =>
                {
                    using var _ = ServerTelemetry.StartSpan("engine diagnose");
                    return s.engine.Diagnose(s.canonical, s.locale, s.today).Value!;
                }, context.CancellationToken);
        }
        ServerTelemetry.RecordDiagnosis(diagnosis.Message);

        return new DiagnoseReply(diagnosis, await RecordAsync(tenant, request.CaseRef, diagnosis.Message, context));
    }

    /// <summary>
    /// Diagnoses up to 100 failures, each with its own error, and records the cases of items that
    /// carry a <c>case_ref</c>. Not cached: a batch rarely repeats as a whole.
    /// </summary>
    public virtual async Task<BatchDiagnoseResponse> BatchDiagnose(BatchDiagnoseRequest request, ServerCallContext context)
    {
        var acceptLanguage = AcceptLanguage(context);
        EngineResult<BatchDiagnoseResponse> result;
        using (ServerTelemetry.StartSpan("engine batch_diagnose"))
        {
            result = engine.BatchDiagnose(request, acceptLanguage, Today());
        }
        if (result.Value is not { } response)
        {
            throw new RequestErrorException(result.Error!, Locales.Resolve(null, acceptLanguage));
        }
        var tenant = tenants.Of(context);
        foreach (var item in response.Results)
        {
            if (item.Diagnosis is not null)
            {
                ServerTelemetry.RecordDiagnosis(item.Diagnosis);
                item.Recording = await RecordAsync(tenant, request.Requests[item.Index].CaseRef, item.Diagnosis, context);
            }
        }
        return response;
    }

    /// <summary>Checks a document without a failure message.</summary>
    public virtual async Task<ValidateDocumentResponse> ValidateDocument(ValidateDocumentRequest request, ServerCallContext context)
    {
        var today = Today();
        var locale = LocaleOf(request.Locale, context);
        if (engine.Validate(request) is { } error)
        {
            throw new RequestErrorException(error, locale);
        }

        var canonical = request.Clone();
        canonical.Locale = "";
        canonical.AsOf = StartOfDay(request.AsOf);
        var key = hasher.ResultKey(tenants.Of(context), "validate", canonical, engine.CatalogVersion, locale.Name(), today);
        using var _ = ServerTelemetry.StartSpan("cache validate_document");
        return await cache.GetOrCreateAsync(key, (engine, canonical, locale, today),
            static s =>
            {
                using var _ = ServerTelemetry.StartSpan("engine validate_document");
                return s.engine.ValidateDocument(s.canonical, s.locale, s.today).Value!;
            }, context.CancellationToken);
    }

    /// <summary>Lists the catalog's failure rules, a page at a time.</summary>
    public virtual Task<ListFailureRulesResponse> ListFailureRules(ListFailureRulesRequest request, ServerCallContext context)
    {
        var locale = LocaleOf(request.Locale, context);
        var result = engine.ListFailureRules(request, locale);
        return result.Value is { } response ? Task.FromResult(response) : throw new RequestErrorException(result.Error!, locale);
    }

    /// <summary>Returns a platform's policy.</summary>
    public virtual Task<GetPlatformPolicyResponse> GetPlatformPolicy(GetPlatformPolicyRequest request, ServerCallContext context)
    {
        var locale = LocaleOf(request.Locale, context);
        var result = engine.GetPlatformPolicy(request, locale);
        return result.Value is { } policy
            ? Task.FromResult(new GetPlatformPolicyResponse { Policy = policy })
            : throw new RequestErrorException(result.Error!, locale);
    }

    // Fails open: a store that cannot be reached is logged there, the caller still gets the
    // diagnosis, and the answer says the case was not recorded, so it can be sent again.
    private async Task<CaseRecording> RecordAsync(Caching.Keys.TenantNamespace tenant, string caseRef, Generated.Diagnosis diagnosis, ServerCallContext context)
    {
        if (caseRef.Length == 0)
        {
            return CaseRecording.NotRequested;
        }

        using var _ = ServerTelemetry.StartStatusRecord();
        return await statuses.RecordAsync(tenant, hasher.CaseId(tenant, caseRef), diagnosis, context.CancellationToken)
            ? CaseRecording.Recorded
            : CaseRecording.NotRecorded;
    }

    private DateOnly Today() => ShanghaiTime.DateOf(time.GetUtcNow());

    private static Google.Protobuf.WellKnownTypes.Timestamp? StartOfDay(Google.Protobuf.WellKnownTypes.Timestamp? instant) =>
        instant is null ? null : ShanghaiTime.StartOfDayTimestamp(ShanghaiTime.DateOf(instant));

    internal static string? AcceptLanguage(ServerCallContext context) => context.RequestHeaders.GetValue("accept-language");

    internal static Locale LocaleOf(string requested, ServerCallContext context) => Locales.Resolve(requested, AcceptLanguage(context));
}
