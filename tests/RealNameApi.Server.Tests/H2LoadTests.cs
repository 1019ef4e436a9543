using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;
using Google.Protobuf;
using RealNameApi.Client;
using RealNameApi.Contracts.V1;
using RealNameApi.Server.Tests.Infrastructure;
using RealNameApi.Testing;
using Xunit.Abstractions;
using static RealNameApi.Server.Tests.Infrastructure.Calls;

namespace RealNameApi.Server.Tests;

/// <summary>
/// Load with h2load (nghttp2) on the gRPC port: many connections, many concurrent streams each.
/// h2load counts HTTP statuses only, and a failed gRPC call is HTTP 200 too, so h2load talks to
/// the server through <see cref="GrpcResponseTap"/>, a byte-for-byte relay that decodes the
/// server's frames (HPACK included) and records every stream's trailers and body.
/// </summary>
[Collection(EmbeddedServerGroup.Name)]
public sealed partial class H2LoadTests(EmbeddedServer fixture, ITestOutputHelper output)
{
    private const string DiagnosePath = "realname.v1.RemediationService/Diagnose";

    private readonly ServerProcess _server = fixture.Server;

    [Fact(Timeout = 300_000)]
    public async Task Ten_thousand_Diagnose_calls_on_4_connections_with_32_streams_each_all_end_with_grpc_status_0()
    {
        const int requests = 10_000;
        var request = new DiagnoseRequest
        {
            Platform = "dayu",
            Message = FaceMismatch,
            Locale = "en",
            Subject = new Subject { Type = SubjectType.Person, Region = Region.Mainland },
        };
        using var channel = _server.CreateChannel();
        var expected = await new RemediationService.RemediationServiceClient(channel).DiagnoseAsync(request, Options());

        await using var tap = new GrpcResponseTap(_server.GrpcAddress);
        var (result, summary) = await RunH2LoadAsync(tap, request, requests, connections: 4, streams: 32);

        var sample = tap.Streams[^1];
        output.WriteLine($"h2load: {summary}, {result.Elapsed.TotalSeconds:0.00}s");
        output.WriteLine($"tap: {tap.Streams.Count} streams, {tap.Bodies.Count} distinct bodies; last stream {sample.StreamId} headers [{string.Join(", ", sample.Headers)}] trailers [{string.Join(", ", sample.Trailers ?? [])}]");
        Assert.True(summary.Done == requests && summary.Succeeded == requests && summary.Failed == 0 && summary.Errored == 0 && summary.Timeout == 0 && summary.Status2xx == requests,
            $"h2load did not complete every request: {summary}\n{result.Describe()}");

        Assert.Empty(tap.Errors);
        var streams = tap.Streams;
        Assert.Equal(requests, streams.Count);
        Assert.All(streams, s =>
        {
            Assert.False(s.Reset, $"stream {s.StreamId} was reset");
            Assert.Equal("200", s.Header(":status"));
            Assert.Equal("application/grpc", s.Header("content-type"));
            // A response with a message, then trailers: not a Trailers-Only error.
            Assert.NotNull(s.Trailers);
        });
        var okCount = streams.Count(s => s.GrpcStatus == "0");
        var others = streams.Where(s => s.GrpcStatus != "0").GroupBy(s => s.GrpcStatus ?? "(none)").Select(g => $"{g.Key}: {g.Count()}");
        Assert.True(okCount == requests, $"{okCount} of {requests} streams ended with grpc-status 0; others: {string.Join(", ", others)}");

        // Every response carried a whole DiagnoseResponse: the one the C# client gets for the same request.
        var bodies = tap.Bodies;
        Assert.Equal(requests, bodies.Values.Sum(b => b.Count));
        foreach (var (body, count) in bodies.Values)
        {
            Assert.True(body.Length > 5, $"{count} responses had a body of {body.Length} bytes");
            Assert.Equal(0, body[0]);
            Assert.Equal(body.Length - 5, (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1)));
            var response = DiagnoseResponse.Parser.ParseFrom(body.AsSpan(5));
            Assert.Equal(expected.Diagnosis.RuleId, response.Diagnosis.RuleId);
            Assert.Equal(Category.FaceMismatch, response.Diagnosis.Category);
            Assert.Equal("en", response.Diagnosis.Locale);
        }

        Assert.Contains(bodies.Values, b => DiagnoseResponse.Parser.ParseFrom(b.Body.AsSpan(5)).Equals(expected));
    }

    [Fact(Timeout = 120_000)]
    public async Task The_tap_sees_failed_calls_that_h2load_counts_as_succeeded()
    {
        // Without a platform every call is INVALID_ARGUMENT, yet HTTP 200: h2load calls them succeeded.
        const int requests = 40;
        await using var tap = new GrpcResponseTap(_server.GrpcAddress);
        var (result, summary) = await RunH2LoadAsync(tap, new DiagnoseRequest { Message = FaceMismatch }, requests, connections: 2, streams: 8);

        Assert.True(summary.Succeeded == requests && summary.Status2xx == requests, $"{summary}\n{result.Describe()}");
        Assert.Empty(tap.Errors);
        var streams = tap.Streams;
        Assert.Equal(requests, streams.Count);
        Assert.All(streams, s =>
        {
            Assert.Equal("3", s.GrpcStatus);
            Assert.False(string.IsNullOrEmpty(s.Header("grpc-status-details-bin") ?? s.Trailer("grpc-status-details-bin")));
        });
        Assert.DoesNotContain(streams, s => s.GrpcStatus == "0");
    }

    internal static async Task<(ProcessResult Result, H2LoadSummary Summary)> RunH2LoadAsync(
        GrpcResponseTap tap, DiagnoseRequest request, int requests, int connections, int streams)
    {
        var h2load = ExternalProcess.Find("h2load")
            ?? throw new InvalidOperationException("h2load is not installed; tests/run.sh installs it (Debian package nghttp2-client).");

        var message = request.ToByteArray();
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        var payload = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(payload, frame);
            var result = await ExternalProcess.RunAsync(h2load,
            [
                "-n", requests.ToString(CultureInfo.InvariantCulture),
                "-c", connections.ToString(CultureInfo.InvariantCulture),
                "-m", streams.ToString(CultureInfo.InvariantCulture),
                "-d", payload,
                "-H", "content-type: application/grpc",
                "-H", "te: trailers",
                new Uri(tap.Address, DiagnosePath).ToString(),
            ], TimeSpan.FromSeconds(180));
            Assert.True(result.ExitCode == 0, result.Describe());
            await tap.WaitForConnectionsAsync(TimeSpan.FromSeconds(15));
            return (result, H2LoadSummary.Parse(result));
        }
        finally
        {
            File.Delete(payload);
        }
    }

    internal sealed partial record H2LoadSummary(int Total, int Started, int Done, int Succeeded, int Failed, int Errored, int Timeout, int Status2xx)
    {
        public static H2LoadSummary Parse(ProcessResult result)
        {
            var requests = RequestsLine().Match(result.StandardOutput);
            var codes = StatusCodesLine().Match(result.StandardOutput);
            Assert.True(requests.Success && codes.Success, $"h2load printed no summary.\n{result.Describe()}");
            int At(Match m, int group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);
            return new H2LoadSummary(At(requests, 1), At(requests, 2), At(requests, 3), At(requests, 4), At(requests, 5), At(requests, 6), At(requests, 7), At(codes, 1));
        }

        [GeneratedRegex(@"requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored, (\d+) timeout")]
        private static partial Regex RequestsLine();

        [GeneratedRegex(@"status codes: (\d+) 2xx")]
        private static partial Regex StatusCodesLine();
    }
}
