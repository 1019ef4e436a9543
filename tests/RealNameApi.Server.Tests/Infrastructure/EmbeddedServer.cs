using RealNameApi.Testing;

namespace RealNameApi.Server.Tests.Infrastructure;

/// <summary>One server process in its embedded default (no Redis), shared by a collection of test classes.</summary>
public sealed class EmbeddedServer : IAsyncLifetime
{
    private ServerProcess? _server;

    public ServerProcess Server => _server ?? throw new InvalidOperationException("The server has not started.");

    /// <summary>
    /// The default rate limit (1,000 calls a second, 2,000 at once) is a policy of production
    /// keys, and the h2load run here sends 10,000 calls as fast as the server answers: it is
    /// raised out of the way. The rate limits have tests of their own.
    /// </summary>
    public static readonly string[] Unlimited = ["--RateLimits:Default:RequestsPerSecond=1000000", "--RateLimits:Default:Burst=1000000"];

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync("embedded", Unlimited);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class EmbeddedServerGroup : ICollectionFixture<EmbeddedServer>
{
    public const string Name = "embedded server";
}
