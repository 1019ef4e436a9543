namespace RealNameApi.Server.Auth;

/// <summary>The roles an API key can hold (<c>Auth:Keys:N:Roles:M</c>), each the name of the policy that needs it.</summary>
public static class Roles
{
    /// <summary>Every call of <c>RemediationService</c>: diagnoses, document checks, the catalog.</summary>
    public const string Diagnose = "diagnose";

    /// <summary>Every call of <c>VerificationStatusService</c>: read, list and watch the tenant's cases.</summary>
    public const string StatusRead = "status.read";

    /// <summary>Every call the other roles allow, within the key's tenant.</summary>
    public const string Admin = "admin";

    /// <summary>The roles a key may name.</summary>
    public static IReadOnlyList<string> All { get; } = [Diagnose, StatusRead, Admin];
}
