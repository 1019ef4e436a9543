using Grpc.Net.Client;
using RealNameApi.Client;
using RealNameApi.Contracts.V1;
using RealNameApi.Server.Tests.Infrastructure;
using Xunit.Abstractions;
using static RealNameApi.Server.Tests.Infrastructure.Calls;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace RealNameApi.Server.Tests;

/// <summary>
/// Three server processes on one real Redis Cluster: a watch on one hears cases recorded through
/// the other two, and h2load on all three at once ends every stream with grpc-status 0.
/// </summary>
public sealed class ThreeServersOnAClusterTests(ThreeServersOnACluster fixture, ITestOutputHelper output) : IClassFixture<ThreeServersOnACluster>, IDisposable
{
    private readonly List<GrpcChannel> _channels = [.. fixture.Servers.Select(s => s.CreateChannel())];

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }

    // Each server's breaker may still be open from an earlier test's load; it closes by itself.
    private async Task CacheServingOnEveryServerAsync()
    {
        foreach (var channel in _channels)
        {
            await Eventually.HoldsAsync(async () => await HealthChecks.CheckAsync(channel, HealthChecks.Cache) == ServingStatus.Serving, "the cache SERVING", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_watch_on_one_server_hears_cases_recorded_through_the_other_two()
    {
        await CacheServingOnEveryServerAsync();

        var caseRef = NewCaseRef("cluster");
        using var watch = new VerificationStatusService.VerificationStatusServiceClient(_channels[0])
            .WatchVerificationStatus(new WatchVerificationStatusRequest { CaseRef = caseRef }, Options(TimeSpan.FromSeconds(45)));
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(VerificationState.Unknown, watch.ResponseStream.Current.Status.State);

        // Through B: a face mismatch, fixed and retried now.
        var first = (await new RemediationService.RemediationServiceClient(_channels[1]).DiagnoseAsync(
            new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch, CaseRef = caseRef }, Options())).Diagnosis;
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15)), "the watch on A heard nothing of B's record");
        Assert.Equal(first.RuleId, watch.ResponseStream.Current.Status.RuleId);

        // Through C: the same case, another rule.
        var second = (await new RemediationService.RemediationServiceClient(_channels[2]).DiagnoseAsync(
            new DiagnoseRequest { Platform = "aliyun-domain", Message = "不在实名库中", CaseRef = caseRef }, Options())).Diagnosis;
        Assert.NotEqual(first.RuleId, second.RuleId);
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15)), "the watch on A heard nothing of C's record");
        Assert.Equal(second.RuleId, watch.ResponseStream.Current.Status.RuleId);
        Assert.Equal("aliyun-domain", watch.ResponseStream.Current.Status.Platform);
    }

    [Fact(Timeout = 300_000)]
    public async Task H2load_on_all_three_at_once_ends_every_stream_with_grpc_status_0()
    {
        const int requestsEach = 2_000;
        await CacheServingOnEveryServerAsync();
        var problemsBefore = fixture.Servers.Select(s => s.Problems.Count).ToList();
        var caseRefs = fixture.Servers.Select(s => NewCaseRef($"h2load-{s.Name}")).ToList();
        var taps = fixture.Servers.Select(s => new GrpcResponseTap(s.GrpcAddress)).ToList();
        try
        {
            // Each server records its own case on every call, so the status store is under load too.
            var runs = taps.Select((tap, i) => H2LoadTests.RunH2LoadAsync(
                tap,
                new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch, Locale = "en", CaseRef = caseRefs[i] },
                requestsEach,
                connections: 2,
                streams: 16)).ToList();
            var results = await Task.WhenAll(runs);

            for (var i = 0; i < taps.Count; i++)
            {
                var (result, summary) = results[i];
                output.WriteLine($"server {fixture.Servers[i].Name}: h2load {summary}, {result.Elapsed.TotalSeconds:0.00}s");
                Assert.True(summary.Done == requestsEach && summary.Status2xx == requestsEach && summary.Errored == 0 && summary.Timeout == 0, $"{summary}\n{result.Describe()}");
                Assert.Empty(taps[i].Errors);
                var streams = taps[i].Streams;
                Assert.Equal(requestsEach, streams.Count);
                var others = streams.Where(s => s.GrpcStatus != "0").GroupBy(s => s.GrpcStatus ?? "(none)").Select(g => $"{g.Key}: {g.Count()}").ToList();
                Assert.True(others.Count == 0, $"server {fixture.Servers[i].Name}: streams not ending with grpc-status 0: {string.Join(", ", others)}");
                Assert.All(streams, s => Assert.NotNull(s.Trailers));
            }
        }
        finally
        {
            foreach (var tap in taps)
            {
                await tap.DisposeAsync();
            }
        }

        // A record that timed out on this busy machine fails open (the answer is still OK) and
        // counts toward the breaker; what the servers logged is reported, not asserted.
        for (var i = 0; i < fixture.Servers.Count; i++)
        {
            var logged = fixture.Servers[i].Problems.Skip(problemsBefore[i]).GroupBy(p => p).Select(g => $"{g.Count()} x {g.Key}");
            output.WriteLine($"server {fixture.Servers[i].Name} logged during the load: {string.Join("; ", logged.DefaultIfEmpty("nothing"))}");
        }

        // Each server's case was recorded, and every server reads it from the cluster.
        await CacheServingOnEveryServerAsync();
        foreach (var caseRef in caseRefs)
        {
            foreach (var channel in _channels)
            {
                var status = (await new VerificationStatusService.VerificationStatusServiceClient(channel).GetVerificationStatusAsync(
                    new GetVerificationStatusRequest { CaseRef = caseRef }, Options())).Status;
                Assert.Equal(VerificationState.ActionRequired, status.State);
            }
        }
    }
}
