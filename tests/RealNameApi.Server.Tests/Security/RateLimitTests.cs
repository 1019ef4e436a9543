using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client.Web;
using RealNameApi.Client;
using RealNameApi.Contracts.V1;
using RealNameApi.Server.Tests.Infrastructure;
using static RealNameApi.Server.Tests.Infrastructure.Calls;

namespace RealNameApi.Server.Tests.Security;

/// <summary>
/// A key's token bucket (2 calls a second, 3 at once): over it, RESOURCE_EXHAUSTED with
/// RetryInfo (over gRPC and gRPC-Web alike, not the UNAVAILABLE a plain 429 would be), and after
/// the delay the key is served again; other keys are not held back by it.
/// </summary>
[Collection(SecuredServerGroup.Name)]
public sealed class RateLimitTests(SecuredServer fixture)
{
    private static readonly DiagnoseRequest Face = new() { Platform = "dayu", Message = FaceMismatch };

    [Fact]
    public async Task Over_its_limit_a_key_gets_RESOURCE_EXHAUSTED_with_RetryInfo_and_is_served_again_after_the_delay()
    {
        using var channel = fixture.Server.CreateChannel();
        var client = new RemediationService.RemediationServiceClient(channel);
        var limited = await ExhaustAsync(client);
        var error = limited.ToRealNameApiError();
        Assert.Equal("RATE_LIMITED", error.ErrorInfo!.Reason);
        Assert.Equal("realname.v1", error.ErrorInfo.Domain);
        Assert.NotNull(error.LocalizedMessage);
        var delay = error.RetryDelay!.Value;
        Assert.InRange(delay, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(2));

        // Another key has a bucket of its own.
        await client.DiagnoseAsync(Face, Options(headers: fixture.TenantAll.Headers));

        // The gRPC-Web answer is the same RESOURCE_EXHAUSTED, in its headers.
        using var web = fixture.Server.CreateWebChannel(GrpcWebMode.GrpcWeb);
        var overWeb = await ExhaustAsync(new RemediationService.RemediationServiceClient(web));
        Assert.NotNull(overWeb.ToRealNameApiError().RetryInfo);

        await Task.Delay(overWeb.ToRealNameApiError().RetryDelay!.Value + TimeSpan.FromMilliseconds(300));
        Assert.Equal(Category.FaceMismatch, (await client.DiagnoseAsync(Face, Options(headers: fixture.Limited.Headers))).Diagnosis.Category);
    }

    // Calls until the bucket is empty: 3 at once and 2 a second, so within a few calls however slow the machine.
    private async Task<RpcException> ExhaustAsync(RemediationService.RemediationServiceClient client)
    {
        var clock = Stopwatch.StartNew();
        for (var call = 0; call < 50; call++)
        {
            try
            {
                await client.DiagnoseAsync(Face, Options(headers: fixture.Limited.Headers));
            }
            catch (RpcException e)
            {
                Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
                return e;
            }
        }

        throw new Xunit.Sdk.XunitException($"50 calls in {clock.Elapsed} were all answered: the limit of 2 a second did not hold.");
    }
}
