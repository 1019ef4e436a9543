using Grpc.Core;
using RealNameApi.Client;
using RealNameApi.Contracts.V1;
using RealNameApi.Server.Tests.Infrastructure;
using RealNameApi.Testing;
using static RealNameApi.Server.Tests.Infrastructure.Calls;

namespace RealNameApi.Server.Tests.Security;

/// <summary>
/// RateLimits:Unauthenticated, here 3 at once and one every 5 s per address: calls with no key or
/// an unknown one are UNAUTHENTICATED while the address's bucket lasts, then RESOURCE_EXHAUSTED
/// with RetryInfo (RATE_LIMITED); a valid key is not held back by it, and after the delay the
/// address is answered UNAUTHENTICATED again.
/// </summary>
public sealed class UnauthenticatedRateLimitTests : IAsyncLifetime
{
    private static readonly DiagnoseRequest Face = new() { Platform = "dayu", Message = FaceMismatch };
    private readonly TestKey _key = new("valid", "tenant-a", ["diagnose"]);
    private ServerProcess? _server;

    private ServerProcess Server => _server!;

    public async Task InitializeAsync() =>
        _server = await ServerProcess.StartAsync("unauthenticated-limit", TestKey.Configuration(_key)
            .Append("--RateLimits:Unauthenticated:RequestsPerSecond=0.2")
            .Append("--RateLimits:Unauthenticated:Burst=3"));

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Calls_without_a_valid_key_are_UNAUTHENTICATED_until_the_address_is_over_its_bucket_then_RESOURCE_EXHAUSTED_with_RetryInfo()
    {
        using var channel = Server.CreateChannel();
        var client = new RemediationService.RemediationServiceClient(channel);
        var codes = new List<StatusCode>();
        RpcException? limited = null;
        // No key and an unknown key alike: both are calls without a valid key from this address.
        for (var call = 0; call < 10 && limited is null; call++)
        {
            var headers = call % 2 == 0 ? null : new Metadata { { "authorization", "Bearer not-a-configured-key" } };
            var e = await Assert.ThrowsAsync<RpcException>(() => client.DiagnoseAsync(Face, Options(headers: headers)).ResponseAsync);
            codes.Add(e.StatusCode);
            if (e.StatusCode == StatusCode.ResourceExhausted)
            {
                limited = e;
            }
        }

        // The first three find tokens, whatever the machine's speed: one comes back only every 5 s.
        Assert.Equal([StatusCode.Unauthenticated, StatusCode.Unauthenticated, StatusCode.Unauthenticated], codes.Take(3));
        Assert.True(limited is not null, $"10 calls without a valid key were answered {string.Join(", ", codes)}: the bucket of 3 did not hold.");
        var error = limited!.ToRealNameApiError();
        Assert.Equal("RATE_LIMITED", error.ErrorInfo!.Reason);
        Assert.Contains("RateLimits:Unauthenticated", limited.Status.Detail, StringComparison.Ordinal);
        Assert.NotNull(error.LocalizedMessage);
        var delay = error.RetryDelay!.Value;
        Assert.InRange(delay, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(6));

        // A valid key from the same address is served.
        Assert.Equal(Category.FaceMismatch, (await client.DiagnoseAsync(Face, Options(headers: _key.Headers))).Diagnosis.Category);

        // After the delay the address has a token again: UNAUTHENTICATED, the answer it can act on.
        await Task.Delay(delay + TimeSpan.FromMilliseconds(500));
        var again = await Assert.ThrowsAsync<RpcException>(() => client.DiagnoseAsync(Face, Options()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, again.StatusCode);
    }
}
