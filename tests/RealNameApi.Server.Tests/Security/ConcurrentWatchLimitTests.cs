using Grpc.Core;
using RealNameApi.Client;
using RealNameApi.Contracts.V1;
using RealNameApi.Server.Tests.Infrastructure;
using RealNameApi.Testing;
using static RealNameApi.Server.Tests.Infrastructure.Calls;

namespace RealNameApi.Server.Tests.Security;

/// <summary>
/// Limits:MaxWatchesPerTenant (here 3) and Limits:MaxWatches (here 5) against a real server with
/// two tenants' keys: a watch over either cap is RESOURCE_EXHAUSTED with RetryInfo
/// (TOO_MANY_WATCHES), one tenant's full share leaves the other its own, and a watch that ends
/// gives its place back.
/// </summary>
public sealed class ConcurrentWatchLimitTests : IAsyncLifetime
{
    private readonly TestKey _a = new("watch-a", "tenant-a", ["diagnose", "status.read"]);
    private readonly TestKey _b = new("watch-b", "tenant-b", ["diagnose", "status.read"]);
    private readonly List<(AsyncServerStreamingCall<WatchVerificationStatusResponse> Call, CancellationTokenSource Stop)> _watches = [];
    private ServerProcess? _server;

    private ServerProcess Server => _server!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync("watch-limit",
        [.. TestKey.Configuration(_a, _b), "--Limits:MaxWatchesPerTenant=3", "--Limits:MaxWatches=5"]);

    public async Task DisposeAsync()
    {
        foreach (var (call, stop) in _watches)
        {
            await stop.CancelAsync();
            call.Dispose();
            stop.Dispose();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Watches_over_the_tenant_or_server_cap_are_turned_away_and_an_ended_watch_gives_its_place_back()
    {
        using var channel = Server.CreateChannel();
        var statuses = new VerificationStatusService.VerificationStatusServiceClient(channel);
        var caseRefA = await RecordAsync(channel, _a);
        var caseRefB = await RecordAsync(channel, _b);

        for (var i = 0; i < 3; i++)
        {
            await OpenAsync(statuses, _a, caseRefA);
        }

        var perTenant = await RefusedAsync(statuses, _a, caseRefA);
        var error = perTenant.ToRealNameApiError();
        Assert.Equal("TOO_MANY_WATCHES", error.ErrorInfo!.Reason);
        Assert.Contains("Limits:MaxWatchesPerTenant", perTenant.Status.Detail, StringComparison.Ordinal);
        Assert.NotNull(error.LocalizedMessage);
        Assert.InRange(error.RetryDelay!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

        // Tenant A's full share leaves tenant B its own, up to the server's cap of 5.
        await OpenAsync(statuses, _b, caseRefB);
        await OpenAsync(statuses, _b, caseRefB);
        Assert.Equal("TOO_MANY_WATCHES", (await RefusedAsync(statuses, _b, caseRefB)).ToRealNameApiError().ErrorInfo!.Reason);

        // One of A's watches ends: its place is free again once the server has ended the stream.
        await _watches[0].Stop.CancelAsync();
        await Eventually.HoldsAsync(async () => await TryOpenAsync(statuses, _b, caseRefB), "a watch opened after another ended", TimeSpan.FromSeconds(15));
    }

    private static async Task<string> RecordAsync(ChannelBase channel, TestKey key)
    {
        var caseRef = NewCaseRef("watched");
        var remediation = new RemediationService.RemediationServiceClient(channel);
        await remediation.DiagnoseAsync(new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch, CaseRef = caseRef }, Options(headers: key.Headers));
        return caseRef;
    }

    private async Task OpenAsync(VerificationStatusService.VerificationStatusServiceClient statuses, TestKey key, string caseRef) =>
        Assert.True(await TryOpenAsync(statuses, key, caseRef), $"a watch of {key.Tenant} within the caps was turned away");

    /// <summary>Opens a watch and reads its first status; false when it is turned away for the caps.</summary>
    private async Task<bool> TryOpenAsync(VerificationStatusService.VerificationStatusServiceClient statuses, TestKey key, string caseRef)
    {
        var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var call = statuses.WatchVerificationStatus(new WatchVerificationStatusRequest { CaseRef = caseRef }, new CallOptions(key.Headers, cancellationToken: stop.Token));
        try
        {
            Assert.True(await call.ResponseStream.MoveNext(stop.Token));
            _watches.Add((call, stop));
            return true;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
        {
            call.Dispose();
            stop.Dispose();
            return false;
        }
    }

    private static async Task<RpcException> RefusedAsync(VerificationStatusService.VerificationStatusServiceClient statuses, TestKey key, string caseRef)
    {
        using var call = statuses.WatchVerificationStatus(new WatchVerificationStatusRequest { CaseRef = caseRef }, Options(headers: key.Headers));
        var refused = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        return refused;
    }
}
