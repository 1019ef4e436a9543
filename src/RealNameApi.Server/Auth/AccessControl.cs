using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RealNameApi.Server.Logging;
using RealNameApi.Server.RateLimiting;

namespace RealNameApi.Server.Auth;

/// <summary>
/// Authentication by API key, a policy per role, the per-key rate limits and the count of calls
/// turned away, as the composition root wires them.
/// </summary>
internal static class AccessControl
{
    /// <summary>The policy of calls that need any key (reflection), or none while the service runs open.</summary>
    public const string AnyKey = "any-key";

    public static IServiceCollection AddAccessControl(this IServiceCollection services, AuthOptions auth, RateLimitOptions limits)
    {
        services.AddSingleton(auth);
        services.AddSingleton(new ApiKeyRegistry(auth));
        services.AddSingleton(auth);
        services.AddSingleton<Tenants>();
        services.AddSingleton<RejectedCalls>();
        services.AddSingleton(_ => new UnauthenticatedRateLimit(limits));
        services.AddHostedService<RejectedCallsReporter>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, GrpcAuthorizationResultHandler>();
        // The core alone: AddAuthentication would bring Data Protection and its key ring, which
        // nothing here uses (no cookies, no tokens to encrypt).
        services.AddAuthenticationCore(authentication =>
        {
            authentication.AddScheme<ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
            authentication.DefaultScheme = ApiKeyAuthenticationHandler.SchemeName;
        });
        services.TryAddSingleton(UrlEncoder.Default);
        // As AddAuthentication's AddScheme does: without a registration, ASP.NET Core makes the
        // handler of every call by reflection (ActivatorUtilities), about 3% of a cached Diagnose.
        services.TryAddTransient<ApiKeyAuthenticationHandler>();
        var policies = services.AddAuthorizationBuilder()
            .AddPolicy(AnyKey, policy => policy.RequireAuthenticatedUser());
        foreach (var role in new[] { Roles.Diagnose, Roles.StatusRead })
        {
            // admin holds every other role.
            policies.AddPolicy(role, policy => policy.RequireAuthenticatedUser().RequireRole(role, Roles.Admin));
        }

        policies.AddPolicy(Roles.Admin, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Admin));
        return services.AddPerKeyRateLimits(auth, limits);
    }

    /// <summary>
    /// Authentication, authorization and the rate limiter, in that order: a call is limited by the
    /// key it proved. The rate limiter's global limiter caps BatchDiagnose calls in flight,
    /// until each answer is sent (<see cref="ConcurrencyCaps"/>).
    /// </summary>
    public static IApplicationBuilder UseAccessControl(this IApplicationBuilder app) =>
        app.UseAuthentication().UseAuthorization().UseRateLimiter().UseConcurrencyCaps();

    /// <summary>The endpoints need the policy's role (or any key) and are limited per key.</summary>
    public static TBuilder RequireAccess<TBuilder>(this TBuilder endpoints, string policy)
        where TBuilder : IEndpointConventionBuilder =>
        endpoints.RequireAuthorization(policy).RequireRateLimiting(PerKeyRateLimits.PolicyName);

    /// <summary>Says at start-up whether the service is open or which keys it knows.</summary>
    public static void LogAccess(ILogger logger, AuthOptions auth, string listenAddress)
    {
        if (auth.HasKeys)
        {
            Log.KeysConfigured(logger, string.Join(", ", auth.Keys.Select(k => $"{k.Id} (tenant {k.Tenant}; {string.Join(", ", k.Roles)})")));
        }
        else
        {
            Log.RunningOpen(logger, listenAddress, AuthOptions.OpenTenant);
        }
    }
}
