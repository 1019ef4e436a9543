using RealNameApi.Caching.Keys;
using RealNameApi.Caching.Status;
using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Engine;
using RealNameApi.Diagnosis.Localization;
using RealNameApi.Diagnosis.Validation;
using Grpc.Core;
using RealNameApi.Server.Auth;
using RealNameApi.Server.Scheduling;

namespace RealNameApi.Server.Services;

/// <summary>
/// <c>realname.v1.VerificationStatusService</c>: reads, lists and watches the cases that
/// <c>Diagnose</c> recorded, by the keyed hash of their tenant and <c>case_ref</c>: a caller sees
/// only its own tenant's cases.
/// </summary>
/// <remarks>
/// Bound by <see cref="VerificationStatusServiceBinding"/> rather than derived from the generated
/// base class, so that its requests are read by <see cref="MalformedRequestBinder"/>; the methods
/// are virtual because grpc-dotnet binds the methods the bind method's service declares.
/// </remarks>
[BindServiceMethod(typeof(VerificationStatusServiceBinding), nameof(VerificationStatusServiceBinding.BindService))]
public class VerificationStatusService(DiagnosisEngine engine, IVerificationStatusStore statuses, KeyedHasher hasher, Tenants tenants, LowPriorityScheduler listing, IHostApplicationLifetime lifetime)
{
    /// <summary>The longest <c>case_ref</c> accepted, as <c>Diagnose</c> documents it.</summary>
    private const int MaxCaseRefLength = 128;

    /// <summary>Returns the current status of one case.</summary>
    public virtual async Task<GetVerificationStatusResponse> GetVerificationStatus(GetVerificationStatusRequest request, ServerCallContext context)
    {
        var locale = LocaleOf(context);
        var tenant = tenants.Of(context);
        var caseId = CaseIdOf(tenant, request.CaseRef, locale);
        var status = await statuses.GetAsync(tenant, caseId, context.CancellationToken);
        return status is null ? throw RpcErrors.CaseNotFound(locale) : new GetVerificationStatusResponse { Status = status };
    }

    /// <summary>Lists recorded cases, a page at a time.</summary>
    public virtual async Task<ListVerificationStatusesResponse> ListVerificationStatuses(ListVerificationStatusesRequest request, ServerCallContext context)
    {
        var locale = LocaleOf(context);
        if (request.Platform.Length > 0 && !engine.Catalog.TryGetPlatform(request.Platform, out _))
        {
            throw new RequestErrorException(RequestError.PlatformNotFound("platform"), locale);
        }
        if (!Enum.IsDefined(request.State))
        {
            throw RpcErrors.InvalidField("state", "is not a verification state", locale);
        }
        // Read on the listing threads, below Diagnose's priority (see LowPriorityScheduler).
        var tenant = tenants.Of(context);
        return await listing.RunAsync(
            () => statuses.ListAsync(tenant, request.Platform, request.State, request.PageSize, request.PageToken, context.CancellationToken),
            context.CancellationToken);
    }

    /// <summary>Streams a case's status: now, then every change, until it is final or the caller leaves.</summary>
    public virtual async Task WatchVerificationStatus(WatchVerificationStatusRequest request, IServerStreamWriter<WatchVerificationStatusResponse> responseStream, ServerCallContext context)
    {
        var locale = LocaleOf(context);
        var tenant = tenants.Of(context);
        var caseId = CaseIdOf(tenant, request.CaseRef, locale);
        // A watch lasts as long as its caller wants, so a stopping server ends it at once with
        // UNAVAILABLE (watch again: another instance answers) rather than letting it hold the
        // shutdown until HostOptions.ShutdownTimeout and then be reset.
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        try
        {
            await foreach (var status in statuses.WatchAsync(tenant, caseId, watching.Token))
            {
                await responseStream.WriteAsync(new WatchVerificationStatusResponse { Status = status }, watching.Token);
            }
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw RpcErrors.ShuttingDown(locale);
        }
    }

    private string CaseIdOf(TenantNamespace tenant, string caseRef, Locale locale)
    {
        if (caseRef.Length == 0)
        {
            throw RpcErrors.InvalidField("case_ref", "is required", locale);
        }
        if (caseRef.Length > MaxCaseRefLength)
        {
            throw RpcErrors.InvalidField("case_ref", $"is longer than {MaxCaseRefLength} characters", locale);
        }
        return hasher.CaseId(tenant, caseRef);
    }

    private static Locale LocaleOf(ServerCallContext context) => Locales.Resolve(null, RemediationService.AcceptLanguage(context));
}
