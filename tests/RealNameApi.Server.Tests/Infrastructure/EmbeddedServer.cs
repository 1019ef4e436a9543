using RealNameApi.Testing;

namespace RealNameApi.Server.Tests.Infrastructure;

/// <summary>One server process in its embedded default (no Redis), shared by a collection of test classes.</summary>
public sealed class EmbeddedServer : IAsyncLifetime
{
    private ServerProcess? _server;

    public ServerProcess Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync("embedded");

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
