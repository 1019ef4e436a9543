using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using RealNameApi.Diagnosis.Localization;
using RealNameApi.Server.Errors;
using RealNameApi.Server.Logging;
using RealNameApi.Server.RateLimiting;

namespace RealNameApi.Server.Auth;

/// <summary>
/// Answers a gRPC call that authorization turned down in gRPC's terms: UNAUTHENTICATED (no key,
/// or an unknown one) or PERMISSION_DENIED (naming the role the key lacks), with the rich
/// details of <see cref="AccessErrors"/>. The default answer, a bare HTTP 401 or 403, reaches a
/// gRPC client as the right code but with no message and no details. Calls with no valid key
/// beyond their address's bucket (<see cref="UnauthenticatedRateLimit"/>) are RESOURCE_EXHAUSTED
/// with RetryInfo instead. Counted, not logged one by one.
/// </summary>
internal sealed class GrpcAuthorizationResultHandler(RejectedCalls rejected, UnauthenticatedRateLimit unauthenticated) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    // An allowed call goes on without a state machine of its own around the rest of the pipeline.
    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult) =>
        authorizeResult.Succeeded || !GrpcErrorResponse.IsGrpc(context.Request)
            ? _default.HandleAsync(next, context, policy, authorizeResult)
            : RefuseAsync(context, authorizeResult);

    private async Task RefuseAsync(HttpContext context, PolicyAuthorizationResult authorizeResult)
    {
        var locale = Locales.Resolve(null, context.Request.Headers.AcceptLanguage);
        if (authorizeResult.Forbidden)
        {
            var role = authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<RolesAuthorizationRequirement>()
                .Select(r => r.AllowedRoles.First()).FirstOrDefault() ?? Roles.Admin;
            rejected.Count(Rejection.PermissionDenied, context.User.Identity?.Name);
            await GrpcErrorResponse.WriteAsync(context, AccessErrors.PermissionDenied(role, locale));
            return;
        }

        if (unauthenticated.TryAcquire(context) is { } retryAfter)
        {
            rejected.Count(Rejection.RateLimited, null);
            await GrpcErrorResponse.WriteAsync(context, AccessErrors.UnauthenticatedRateLimited(retryAfter, locale));
            return;
        }

        rejected.Count(Rejection.Unauthenticated, null);
        await GrpcErrorResponse.WriteAsync(context, AccessErrors.Unauthenticated(ApiKeyAuthenticationHandler.RejectionOf(context), locale));
    }
}
