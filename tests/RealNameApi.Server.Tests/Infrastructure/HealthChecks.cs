using Grpc.Health.V1;
using RealNameApi.Rpc;
using RealNameApi.Rpc.Client;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace RealNameApi.Server.Tests.Infrastructure;

/// <summary>The standard <c>grpc.health.v1.Health/Check</c>, over any channel.</summary>
public static class HealthChecks
{
    /// <summary>The service names the server reports.</summary>
    public const string Remediation = "realname.v1.RemediationService";
    public const string VerificationStatus = "realname.v1.VerificationStatusService";
    public const string Cache = "realname.cache";

    private static readonly Method<HealthCheckRequest, HealthCheckResponse> CheckMethod = new(MethodType.Unary, "grpc.health.v1.Health", "Check");

    public static async Task<ServingStatus> CheckAsync(RpcChannel channel, string service)
    {
        var response = await channel.UnaryCall(CheckMethod, new HealthCheckRequest { Service = service }, Calls.Options(TimeSpan.FromSeconds(5)));
        return response.Status;
    }
}
