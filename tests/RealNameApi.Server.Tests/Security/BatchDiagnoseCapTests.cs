using System.Net;
using Grpc.Core;
using RealNameApi.Client;
using RealNameApi.Contracts.V1;
using RealNameApi.Server.Tests.Infrastructure;
using RealNameApi.Testing;
using static RealNameApi.Server.Tests.Infrastructure.Calls;

namespace RealNameApi.Server.Tests.Security;

/// <summary>
/// Limits:MaxConcurrentBatchDiagnose, here 1: a BatchDiagnose whose reader stopped (its answer,
/// about 0.4 MB, is far over the client's 64 KB stream window) holds the one permit until the
/// client lets go; meanwhile another batch, from another connection and another caller, is
/// RESOURCE_EXHAUSTED with RetryInfo (SERVER_BUSY) at once, and Diagnose is not limited by it.
/// </summary>
public sealed class BatchDiagnoseCapTests : IAsyncLifetime
{
    private ServerProcess? _server;

    private ServerProcess Server => _server!;

    public async Task InitializeAsync() =>
        _server = await ServerProcess.StartAsync("batch-limit", [.. EmbeddedServer.Unlimited, "--Limits:MaxConcurrentBatchDiagnose=1"]);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private static BatchDiagnoseRequest Batch()
    {
        var batch = new BatchDiagnoseRequest();
        for (var i = 0; i < 100; i++)
        {
            batch.Requests.Add(new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch, Locale = "en" });
        }

        return batch;
    }

    [Fact]
    public async Task A_batch_whose_reader_stopped_holds_the_permit_and_another_is_turned_away_with_RetryInfo_until_it_lets_go()
    {
        // A raw HTTP/2 call whose answer is never read: the server blocks on the stream window.
        using var stopped = RawGrpc.Client();
        var stuck = await stopped.SendAsync(
            RawGrpc.Request(Server.GrpcAddress, "/realname.v1.RemediationService/BatchDiagnose", new ByteArrayContent(RawGrpc.Frame(Batch()))),
            HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, stuck.StatusCode);

        using var channel = Server.CreateChannel();
        var client = new RemediationService.RemediationServiceClient(channel);
        var busy = await Assert.ThrowsAsync<RpcException>(async () => await client.BatchDiagnoseAsync(Batch(), Options()));
        Assert.Equal(StatusCode.ResourceExhausted, busy.StatusCode);
        var error = busy.ToRealNameApiError();
        Assert.Equal("SERVER_BUSY", error.ErrorInfo!.Reason);
        Assert.NotNull(error.LocalizedMessage);
        Assert.InRange(error.RetryDelay!.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(2));

        // Other calls are not held by the batch cap.
        Assert.Equal(Category.FaceMismatch, (await client.DiagnoseAsync(new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch }, Options())).Diagnosis.Category);

        // The stopped reader lets go (its stream is reset): the permit returns.
        stuck.Dispose();
        stopped.Dispose();
        await Eventually.HoldsAsync(async () =>
        {
            try
            {
                return (await client.BatchDiagnoseAsync(Batch(), Options())).Results.Count == 100;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                return false;
            }
        }, "a batch is answered once the stopped reader has let go", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));
    }
}
