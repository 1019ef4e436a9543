using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace RealNameApi.Server.Auth;

/// <summary>
/// The <c>ApiKey</c> authentication scheme: <c>authorization: Bearer &lt;key&gt;</c>, in gRPC
/// metadata or as the HTTP header of a gRPC-Web call, looked up in <see cref="ApiKeyRegistry"/>.
/// The caller becomes a principal named by the key's id, with its tenant and roles as claims.
/// While no key is configured every caller is the open principal: tenant
/// <see cref="AuthOptions.OpenTenant"/>, every role (the server then listens on loopback only).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyRegistry keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>The claim that holds the tenant's name.</summary>
    public const string TenantClaim = "realname/tenant";

    /// <summary>The principal's name while the service runs open.</summary>
    public const string OpenCaller = "open";

    private const string Bearer = "Bearer ";

    private static readonly object RejectionItem = new();

    // Made once, as each key's is (see ApiKeyRegistry).
    private static readonly AuthenticationTicket OpenTicket = TicketOf(OpenCaller, AuthOptions.OpenTenant, Roles.All);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!keys.HasKeys)
        {
            return Task.FromResult(AuthenticateResult.Success(OpenTicket));
        }

        var values = Request.Headers.Authorization;
        if (values.Count == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var value = values.Count == 1 ? values[0].AsSpan() : default;
        if (!value.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(Rejected(ApiKeyRejection.NotBearer));
        }

        var presented = value[Bearer.Length..].Trim();
        var ticket = presented.Length is > 0 and <= AuthOptions.MaxKeyLength ? keys.Find(presented) : null;
        return Task.FromResult(ticket is null ? Rejected(ApiKeyRejection.Unknown) : AuthenticateResult.Success(ticket));
    }

    /// <summary>Why the request's key was turned down, or null when it sent none.</summary>
    public static ApiKeyRejection? RejectionOf(HttpContext context) =>
        context.Items.TryGetValue(RejectionItem, out var reason) ? (ApiKeyRejection?)reason : null;

    // Not AuthenticateResult.Fail: the base handler logs every failure at Information, one
    // line per bad call. Failures are counted (RejectedCalls) and the reason kept for the answer.
    private AuthenticateResult Rejected(ApiKeyRejection reason)
    {
        Context.Items[RejectionItem] = reason;
        return AuthenticateResult.NoResult();
    }

    /// <summary>The ticket of a caller: named by the key's id, with its tenant and roles as claims.</summary>
    internal static AuthenticationTicket TicketOf(string id, string tenant, IEnumerable<string> roles)
    {
        var identity = new ClaimsIdentity(SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, id));
        identity.AddClaim(new Claim(TenantClaim, tenant));
        foreach (var role in roles)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role));
        }

        return new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName);
    }
}

/// <summary>Why a presented key was turned down.</summary>
public enum ApiKeyRejection
{
    /// <summary>The authorization header is not one <c>Bearer</c> token.</summary>
    NotBearer,

    /// <summary>No configured key is this one.</summary>
    Unknown,
}
