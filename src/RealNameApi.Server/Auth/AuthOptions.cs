using System.Net;

namespace RealNameApi.Server.Auth;

/// <summary>
/// The <c>Auth</c> section: the API keys, each a name for logs, a tenant, roles and the SHA-256
/// of the key (the key itself is never in configuration), optionally with its own rate limit.
/// No key at all: the service runs open, on loopback only.
/// </summary>
public sealed class AuthOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Auth";

    /// <summary>The tenant of every call while no key is configured.</summary>
    public const string OpenTenant = "default";

    /// <summary>The longest API key accepted; longer bearer tokens are turned down unhashed.</summary>
    public const int MaxKeyLength = 512;

    /// <summary>The configured keys (<c>Auth:Keys:0:Id</c>, <c>Auth:Keys:0:Sha256</c>, ...).</summary>
    public List<ApiKeyOptions> Keys { get; } = [];

    /// <summary>Whether any key is configured: then every gRPC call but health needs one.</summary>
    public bool HasKeys => Keys.Count > 0;

    /// <summary>The section's options.</summary>
    public static AuthOptions Read(IConfiguration configuration)
    {
        var options = new AuthOptions();
        configuration.GetSection(SectionName).Bind(options);
        return options;
    }

    /// <summary>The problems with these options on a server that listens on <paramref name="listenAddress"/>, empty when none.</summary>
    public IEnumerable<string> Validate(string listenAddress)
    {
        if (!HasKeys && IPAddress.TryParse(listenAddress, out var address) && !IPAddress.IsLoopback(address))
        {
            yield return $"Server:ListenAddress is {listenAddress}, beyond loopback, and no API key is configured: the service would answer anyone "
                + "who can reach it. Configure at least one key (Auth:Keys:0:Id, Auth:Keys:0:Tenant, Auth:Keys:0:Roles:0, Auth:Keys:0:Sha256; "
                + "see the README), or listen on 127.0.0.1 for local development.";
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Keys.Count; i++)
        {
            var key = Keys[i];
            var at = $"Auth:Keys:{i}";
            if (string.IsNullOrWhiteSpace(key.Id) || key.Id.Length > 64 || key.Id.Any(char.IsControl))
            {
                yield return $"{at}:Id must be a name of 1 to 64 printable characters; it names the key in logs.";
            }
            else if (!ids.Add(key.Id))
            {
                yield return $"{at}:Id '{key.Id}' is the id of another key too; ids must be unique.";
            }

            if (string.IsNullOrWhiteSpace(key.Tenant) || key.Tenant.Length > 64 || key.Tenant.Any(char.IsControl))
            {
                yield return $"{at}:Tenant must be a name of 1 to 64 printable characters.";
            }

            if (key.Roles.Count == 0)
            {
                yield return $"{at}:Roles must name at least one role: {string.Join(", ", Roles.All)}.";
            }

            foreach (var role in key.Roles.Where(r => !Roles.All.Contains(r)))
            {
                yield return $"{at}:Roles holds '{role}', which is not a role; the roles are {string.Join(", ", Roles.All)}.";
            }

            // The value is a hash, not a secret, but only its shape is described.
            if (key.Sha256.Length != 64 || !key.Sha256.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                yield return $"{at}:Sha256 must be the SHA-256 of the key in 64 lower-case hex digits (printf %s \"$key\" | sha256sum).";
            }
            else if (!hashes.Add(key.Sha256))
            {
                yield return $"{at}:Sha256 is the hash of another key too: two entries would hold one key.";
            }

            foreach (var problem in RateLimiting.RateLimitOptions.ValidateLimit($"{at}:", key.RequestsPerSecond, key.Burst))
            {
                yield return problem;
            }
        }
    }
}

/// <summary>One API key: <c>Auth:Keys:N:*</c>.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>A name for the key in logs and metrics. Never the key.</summary>
    public string Id { get; set; } = "";

    /// <summary>The tenant the key's calls act for: they see and record only this tenant's cases.</summary>
    public string Tenant { get; set; } = "";

    /// <summary>The roles of the key: <see cref="Auth.Roles"/>.</summary>
    public List<string> Roles { get; } = [];

    /// <summary>The lower-case hex SHA-256 of the key.</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>The key's sustained rate; unset: <c>RateLimits:Default:RequestsPerSecond</c>.</summary>
    public double? RequestsPerSecond { get; set; }

    /// <summary>The most calls the key may make at once after a quiet spell; unset: <c>RateLimits:Default:Burst</c>.</summary>
    public int? Burst { get; set; }
}
