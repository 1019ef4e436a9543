using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using RealNameApi.Client;
using RealNameApi.Contracts.V1;
using RealNameApi.Testing;
using Xunit.Abstractions;
using static RealNameApi.Server.Tests.Infrastructure.Calls;

namespace RealNameApi.Server.Tests;

/// <summary>
/// SIGTERM, as an orchestrator stops a replica: open watches end at once with UNAVAILABLE and
/// their trailers (the caller watches again elsewhere) instead of holding the shutdown until
/// HostOptions.ShutdownTimeout, and the process exits well within it.
/// </summary>
public sealed class GracefulShutdownTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    [Fact(Timeout = 120_000)]
    public async Task SIGTERM_ends_open_watches_with_UNAVAILABLE_and_the_server_exits_before_its_shutdown_timeout()
    {
        await using var server = await ServerProcess.StartAsync("shutdown", [$"--shutdownTimeoutSeconds={ShutdownTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}"]);
        using var channel = server.CreateChannel();
        var client = new VerificationStatusService.VerificationStatusServiceClient(channel);
        var watches = Enumerable.Range(0, 3).Select(i => client.WatchVerificationStatus(
            new WatchVerificationStatusRequest { CaseRef = NewCaseRef($"shutdown-{i}") }, Options(TimeSpan.FromSeconds(90)))).ToList();
        foreach (var watch in watches)
        {
            Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        }

        var clock = Stopwatch.StartNew();
        using (var term = Process.Start("kill", ["-TERM", server.ProcessId.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        foreach (var watch in watches)
        {
            var ended = await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal(StatusCode.Unavailable, ended.StatusCode);
            Assert.Equal("SERVER_SHUTTING_DOWN", ended.ToRealNameApiError().ErrorInfo?.Reason);
        }

        var watchesEnded = clock.Elapsed;
        while (File.Exists($"/proc/{server.ProcessId}/status") && !(await File.ReadAllTextAsync($"/proc/{server.ProcessId}/status")).Contains("State:\tZ", StringComparison.Ordinal))
        {
            Assert.True(clock.Elapsed < ShutdownTimeout, $"the server still runs {clock.Elapsed} after SIGTERM");
            await Task.Delay(50);
        }

        output.WriteLine($"after SIGTERM: watches ended in {watchesEnded.TotalMilliseconds:0} ms, the process exited in {clock.Elapsed.TotalMilliseconds:0} ms (shutdown timeout {ShutdownTimeout.TotalSeconds:0} s)");
        await server.WaitForOutputAsync("Application is shutting down", TimeSpan.FromSeconds(5));
        Assert.DoesNotContain(server.Problems, p => p.StartsWith("fail:", StringComparison.Ordinal) || p.StartsWith("crit:", StringComparison.Ordinal));
    }
}
