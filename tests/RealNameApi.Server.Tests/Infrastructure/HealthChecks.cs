using Grpc.Core;
using Grpc.Health.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace RealNameApi.Server.Tests.Infrastructure;

/// <summary>The standard <c>grpc.health.v1.Health/Check</c>, over any channel.</summary>
public static class HealthChecks
{
    /// <summary>The service names the server reports.</summary>
    public const string Remediation = "realname.v1.RemediationService";
    public const string VerificationStatus = "realname.v1.VerificationStatusService";
    public const string Cache = "realname.cache";

    public static async Task<ServingStatus> CheckAsync(ChannelBase channel, string service)
    {
        var response = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = service }, Calls.Options(TimeSpan.FromSeconds(5)));
        return response.Status;
    }
}
