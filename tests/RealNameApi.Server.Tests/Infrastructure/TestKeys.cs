using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Grpc.Core;

namespace RealNameApi.Server.Tests.Infrastructure;

/// <summary>An API key made for a test: a random secret, and its configuration as the README describes it.</summary>
public sealed record TestKey(string Id, string Tenant, IReadOnlyList<string> Roles, double? RequestsPerSecond = null, int? Burst = null)
{
    /// <summary>The key itself, as <c>openssl rand -base64 32</c> makes one.</summary>
    public string Secret { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The lower-case hex SHA-256 of the key, as <c>printf %s "$key" | sha256sum</c> prints it.</summary>
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Secret)));

    /// <summary>The call metadata that presents the key.</summary>
    public Metadata Headers => new() { { "authorization", $"Bearer {Secret}" } };

    /// <summary>The key's entry as <c>--Auth:Keys:N:*</c> arguments.</summary>
    public IEnumerable<string> Arguments(int index)
    {
        var at = $"--Auth:Keys:{index.ToString(CultureInfo.InvariantCulture)}";
        yield return $"{at}:Id={Id}";
        yield return $"{at}:Tenant={Tenant}";
        for (var i = 0; i < Roles.Count; i++)
        {
            yield return $"{at}:Roles:{i.ToString(CultureInfo.InvariantCulture)}={Roles[i]}";
        }

        yield return $"{at}:Sha256={Sha256}";
        if (RequestsPerSecond is { } rate)
        {
            yield return $"{at}:RequestsPerSecond={rate.ToString(CultureInfo.InvariantCulture)}";
        }

        if (Burst is { } burst)
        {
            yield return $"{at}:Burst={burst.ToString(CultureInfo.InvariantCulture)}";
        }
    }

    /// <summary>The configuration of several keys.</summary>
    public static IEnumerable<string> Configuration(params TestKey[] keys) => keys.SelectMany((k, i) => k.Arguments(i));
}
