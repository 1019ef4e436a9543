using System.Net.Http.Headers;
using Grpc.Core;
using Grpc.Net.Client.Web;
using Microsoft.Extensions.DependencyInjection;
using RealNameApi.Client;
using RealNameApi.Contracts.V1;
using RealNameApi.Server.Tests.Infrastructure;
using RealNameApi.Testing;
using static RealNameApi.Server.Tests.Infrastructure.Calls;

namespace RealNameApi.Server.Tests;

/// <summary>
/// The thin layer of clients/csharp over the generated clients, against the server process:
/// AddRealNameApiClient on the client factory, the default deadline, the API key header, gRPC-Web
/// and the decoded rich errors.
/// </summary>
[Collection(EmbeddedServerGroup.Name)]
public sealed class ClientLibraryTests(EmbeddedServer fixture)
{
    private readonly ServerProcess _server = fixture.Server;

    [Fact]
    public async Task AddRealNameApiClient_sends_the_api_key_and_a_default_deadline_on_unary_calls_only()
    {
        var seen = new SeenRequests();
        var services = new ServiceCollection();
        var (remediation, statuses) = services.AddRealNameApiClient(options =>
        {
            options.Address = _server.GrpcAddress;
            options.ApiKey = "partner-key-123";
            options.DefaultTimeout = TimeSpan.FromSeconds(7);
        });
        remediation.AddHttpMessageHandler(() => new RecordingHandler(seen));
        statuses.AddHttpMessageHandler(() => new RecordingHandler(seen));
        await using var provider = services.BuildServiceProvider();

        var diagnosis = (await provider.GetRequiredService<RemediationService.RemediationServiceClient>()
            .DiagnoseAsync(new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch, CaseRef = NewCaseRef("client") })).Diagnosis;
        Assert.Equal("dayu.face-mismatch-police-photo", diagnosis.RuleId);
        var unary = seen.Last;
        Assert.Equal(new AuthenticationHeaderValue("Bearer", "partner-key-123"), unary.Headers.Authorization);
        var timeout = Assert.Single(unary.Headers.GetValues("grpc-timeout"));
        Assert.InRange(ParseMilliseconds(timeout), 5_000, 7_000);

        // A watch runs until the caller ends it: no default deadline, the key still sent.
        using var stop = new CancellationTokenSource();
        using var watch = provider.GetRequiredService<VerificationStatusService.VerificationStatusServiceClient>()
            .WatchVerificationStatus(new WatchVerificationStatusRequest { CaseRef = NewCaseRef("client-watch") }, cancellationToken: stop.Token);
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        var streaming = seen.Last;
        Assert.Equal("Bearer", streaming.Headers.Authorization?.Scheme);
        Assert.False(streaming.Headers.Contains("grpc-timeout"));
        await stop.CancelAsync();
        var cancelled = await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(StatusCode.Cancelled, cancelled.StatusCode);

        // A deadline of the caller's own wins over the default.
        await provider.GetRequiredService<RemediationService.RemediationServiceClient>()
            .GetPlatformPolicyAsync(new GetPlatformPolicyRequest { Platform = "dayu" }, deadline: DateTime.UtcNow.AddSeconds(2));
        Assert.InRange(ParseMilliseconds(seen.Last.Headers.GetValues("grpc-timeout").Single()), 1, 2_000);
    }

    [Fact]
    public async Task RealNameApiError_decodes_an_unknown_platform_with_the_valid_ids()
    {
        using var client = RealNameApiClient.Create(_server.GrpcAddress.ToString());

        var error = (await Assert.ThrowsAsync<RpcException>(() =>
            client.Remediation.DiagnoseAsync(new DiagnoseRequest { Platform = "douyin", Message = FaceMismatch, Locale = "en" }).ResponseAsync)).ToRealNameApiError();

        Assert.Equal(StatusCode.NotFound, error.Code);
        Assert.Equal("PLATFORM_NOT_FOUND", error.ErrorInfo!.Reason);
        Assert.Equal(RealNameApiError.Domain, error.ErrorInfo.Domain);
        Assert.Equal(["aliyun-domain", "dayu"], error.ValidPlatforms);
        var violation = Assert.Single(error.FieldViolations);
        Assert.Equal("platform", violation.Field);
        Assert.Contains("aliyun-domain, dayu", violation.Description, StringComparison.Ordinal);
        Assert.Contains("aliyun-domain, dayu", error.LocalizedMessage!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("douyin", error.Message + violation.Description + error.LocalizedMessage.Message, StringComparison.Ordinal);
        Assert.Null(error.RetryDelay);
    }

    [Theory]
    [InlineData(GrpcWebMode.GrpcWeb)]
    [InlineData(GrpcWebMode.GrpcWebText)]
    public async Task RealNameApiClient_speaks_gRPC_Web_to_the_HTTP_port(GrpcWebMode mode)
    {
        using var client = RealNameApiClient.Create(new RealNameApiClientOptions { Address = _server.HttpAddress, GrpcWeb = mode });

        var policy = (await client.Remediation.GetPlatformPolicyAsync(new GetPlatformPolicyRequest { Platform = "dayu" })).Policy;
        Assert.Equal("dayu", policy.Platform);
        var error = await Assert.ThrowsAsync<RpcException>(() => client.Statuses.GetVerificationStatusAsync(new GetVerificationStatusRequest()).ResponseAsync);
        Assert.Equal("case_ref", Assert.Single(error.ToRealNameApiError().FieldViolations).Field);
    }

    private static long ParseMilliseconds(string grpcTimeout)
    {
        var value = long.Parse(grpcTimeout[..^1], System.Globalization.CultureInfo.InvariantCulture);
        return grpcTimeout[^1] switch
        {
            'H' => value * 3_600_000,
            'M' => value * 60_000,
            'S' => value * 1_000,
            'm' => value,
            'u' => value / 1_000,
            'n' => value / 1_000_000,
            _ => throw new FormatException(grpcTimeout),
        };
    }

    private sealed class SeenRequests
    {
        private readonly List<HttpRequestMessage> _requests = [];

        public HttpRequestMessage Last
        {
            get
            {
                lock (_requests)
                {
                    return _requests[^1];
                }
            }
        }

        public void Add(HttpRequestMessage request)
        {
            lock (_requests)
            {
                _requests.Add(request);
            }
        }
    }

    /// <summary>Keeps each outgoing request, to see the headers the client really sent.</summary>
    private sealed class RecordingHandler(SeenRequests seen) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            seen.Add(request);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
