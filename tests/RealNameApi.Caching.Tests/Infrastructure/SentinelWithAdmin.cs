using RealNameApi.Testing;
using StackExchange.Redis;

namespace RealNameApi.Caching.Tests.Infrastructure;

/// <summary>A real primary, replica and three Sentinels, with a connection through the Sentinels for inspecting the data.</summary>
public sealed class SentinelWithAdmin : IRedisWithAdmin, IAsyncLifetime
{
    private RedisSentinel? _sentinel;
    private ConnectionMultiplexer? _admin;

    public RedisSentinel Sentinel => _sentinel ?? throw new InvalidOperationException("Sentinel has not started.");

    public ConnectionMultiplexer Admin => _admin ?? throw new InvalidOperationException("Sentinel has not started.");

    public string Configuration => Sentinel.Configuration;

    public async Task InitializeAsync()
    {
        _sentinel = await RedisSentinel.StartAsync();
        _admin = await ConnectionMultiplexer.ConnectAsync($"{_sentinel.Configuration},allowAdmin=true,abortConnect=false,syncTimeout=5000,asyncTimeout=5000");
    }

    public async Task DisposeAsync()
    {
        if (_admin is not null)
        {
            await _admin.DisposeAsync();
        }

        _sentinel?.Dispose();
    }
}
