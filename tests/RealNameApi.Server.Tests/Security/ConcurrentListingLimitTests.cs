using Grpc.Core;
using RealNameApi.Client;
using RealNameApi.Contracts.V1;
using RealNameApi.Server.Tests.Infrastructure;
using RealNameApi.Testing;
using static RealNameApi.Server.Tests.Infrastructure.Calls;

namespace RealNameApi.Server.Tests.Security;

/// <summary>
/// Limits:MaxConcurrentListings, here 1 with no queue (Limits:ListingQueueLimit=0): of many
/// listings sent at once over several connections, those that find the one permit taken are
/// RESOURCE_EXHAUSTED with RetryInfo (SERVER_BUSY) at once, the others answer their page, and
/// Diagnose is not held by the cap.
/// </summary>
public sealed class ConcurrentListingLimitTests : IAsyncLifetime
{
    private const int Cases = 150;
    private ServerProcess? _server;

    private ServerProcess Server => _server!;

    public async Task InitializeAsync() =>
        _server = await ServerProcess.StartAsync("listing-limit", [.. EmbeddedServer.Unlimited, "--Limits:MaxConcurrentListings=1", "--Limits:ListingQueueLimit=0"]);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Listings_beyond_the_one_permit_are_turned_away_with_RetryInfo_and_the_rest_answer()
    {
        using var setup = Server.CreateChannel();
        var remediation = new RemediationService.RemediationServiceClient(setup);
        await Task.WhenAll(Enumerable.Range(0, Cases).Select(_ =>
            remediation.DiagnoseAsync(new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch, CaseRef = NewCaseRef("listing") }, Options()).ResponseAsync));

        // Four connections, so the listings arrive together rather than one connection's after another's.
        var channels = Enumerable.Range(0, 4).Select(_ => Server.CreateChannel()).ToList();
        try
        {
            var listers = channels.Select(c => new VerificationStatusService.VerificationStatusServiceClient(c)).ToList();
            RpcException? busy = null;
            var answered = 0;
            // A page of 100 takes a millisecond or more, 32 listings arrive within far less: one
            // burst nearly always finds the permit taken; a few bursts leave no doubt.
            for (var burst = 0; burst < 20 && busy is null; burst++)
            {
                var calls = Enumerable.Range(0, 32).Select(i =>
                    listers[i % listers.Count].ListVerificationStatusesAsync(new ListVerificationStatusesRequest { PageSize = 100 }, Options()).ResponseAsync).ToList();
                foreach (var call in calls)
                {
                    try
                    {
                        Assert.Equal(100, (await call).Statuses.Count);
                        answered++;
                    }
                    catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
                    {
                        busy ??= e;
                    }
                }
            }

            Assert.True(busy is not null, $"20 bursts of 32 listings at once were all answered ({answered}): the cap of 1 did not hold.");
            Assert.True(answered > 0, "no listing was answered: the permit was never free");
            var error = busy!.ToRealNameApiError();
            Assert.Equal("SERVER_BUSY", error.ErrorInfo!.Reason);
            Assert.Contains("Limits:MaxConcurrentListings", busy.Status.Detail, StringComparison.Ordinal);
            Assert.NotNull(error.LocalizedMessage);
            Assert.InRange(error.RetryDelay!.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(2));

            // Diagnose is not held by the listing cap.
            Assert.Equal(Category.FaceMismatch, (await remediation.DiagnoseAsync(new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch }, Options())).Diagnosis.Category);
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }
}
