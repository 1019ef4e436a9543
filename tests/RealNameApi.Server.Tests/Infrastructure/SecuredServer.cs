using RealNameApi.Testing;

namespace RealNameApi.Server.Tests.Infrastructure;

/// <summary>
/// One server process in its embedded default with API keys of two tenants, a TLS port from a
/// test CA, and rejected calls summed every second; shared by the access, tenancy, rate-limit
/// and TLS tests.
/// </summary>
public sealed class SecuredServer : IAsyncLifetime
{
    private ServerProcess? _server;

    public TestKey TenantAll { get; } = new("a-all", "tenant-a", ["diagnose", "status.read"]);

    public TestKey TenantDiagnoseOnly { get; } = new("a-diagnose", "tenant-a", ["diagnose"]);

    public TestKey TenantStatusOnly { get; } = new("a-status", "tenant-a", ["status.read"]);

    public TestKey TenantAdmin { get; } = new("a-admin", "tenant-a", ["admin"]);

    public TestKey OtherTenant { get; } = new("b-all", "tenant-b", ["diagnose", "status.read"]);

    /// <summary>A key with a small bucket of its own: 2 calls a second, 3 at once.</summary>
    public TestKey Limited { get; } = new("limited", "tenant-c", ["diagnose"], RequestsPerSecond: 2, Burst: 3);

    public TestCertificates Certificates { get; } = new();

    public ServerProcess Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync("secured",
        TestKey.Configuration(TenantAll, TenantDiagnoseOnly, TenantStatusOnly, TenantAdmin, OtherTenant, Limited)
            .Concat(Certificates.ServerArguments())
            .Append("--Server:RejectionLogPeriod=00:00:01")
            // The tests here send many calls without a valid key and expect UNAUTHENTICATED; the
            // bucket of such calls has a test of its own (UnauthenticatedRateLimitTests).
            .Append("--RateLimits:Unauthenticated:RequestsPerSecond=100000")
            .Append("--RateLimits:Unauthenticated:Burst=100000"));

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Certificates.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class SecuredServerGroup : ICollectionFixture<SecuredServer>
{
    public const string Name = "secured server";
}
