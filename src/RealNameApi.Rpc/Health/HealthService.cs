using Grpc.Health.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace RealNameApi.Rpc.Health;

/// <summary>The <c>grpc.health.v1.Health</c> handler, over <see cref="HealthStatusRegistry"/>.</summary>
internal sealed class HealthService(HealthStatusRegistry registry)
{
    /// <summary>The status of one service name; NOT_FOUND for a name the registry does not know.</summary>
    public Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context)
    {
        if (!registry.TryGet(request.Service, out var status))
        {
            throw new RpcException(StatusCode.NotFound, "Unknown service name.");
        }
        return Task.FromResult(new HealthCheckResponse { Status = status });
    }

    /// <summary>Every service name with its status.</summary>
    public Task<HealthListResponse> List(HealthListRequest request, ServerCallContext context)
    {
        var response = new HealthListResponse();
        foreach (var (name, status) in registry.Snapshot())
        {
            response.Statuses[name] = new HealthCheckResponse { Status = status };
        }
        return Task.FromResult(response);
    }

    /// <summary>Streams the current status, then each change, until the client cancels or its deadline passes.</summary>
    public async Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context)
    {
        using var subscription = registry.Subscribe(request.Service);
        ServingStatus? lastSent = null;
        await foreach (var status in subscription.Reader.ReadAllAsync(context.CancellationToken))
        {
            if (status != lastSent)
            {
                await responseStream.WriteAsync(new HealthCheckResponse { Status = status }, context.CancellationToken);
                lastSent = status;
            }
        }
    }
}
