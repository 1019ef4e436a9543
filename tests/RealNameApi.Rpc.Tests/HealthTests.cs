using Grpc.Health.V1;
using RealNameApi.Rpc.Client;
using RealNameApi.Rpc.Tests.Infrastructure;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace RealNameApi.Rpc.Tests;

/// <summary><c>grpc.health.v1.Health</c>: Check, List and Watch over the status registry.</summary>
public sealed class HealthTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly Method<HealthCheckRequest, HealthCheckResponse> Check =
        Method.From<HealthCheckRequest, HealthCheckResponse>(HealthReflection.Descriptor.Services[0].FindMethodByName("Check"));
    private static readonly Method<HealthListRequest, HealthListResponse> List =
        Method.From<HealthListRequest, HealthListResponse>(HealthReflection.Descriptor.Services[0].FindMethodByName("List"));
    private static readonly Method<HealthCheckRequest, HealthCheckResponse> Watch =
        Method.From<HealthCheckRequest, HealthCheckResponse>(HealthReflection.Descriptor.Services[0].FindMethodByName("Watch"));

    private readonly TestServer _server = fixture.Server;

    [Theory]
    [InlineData("")]
    [InlineData("rpctest.v1.EchoService")]
    [InlineData("grpc.health.v1.Health")]
    [InlineData("grpc.reflection.v1.ServerReflection")]
    public async Task Check_reports_mapped_services_and_the_server_as_serving(string service)
    {
        using var channel = _server.Channel();

        var response = await channel.UnaryCall(Check, new HealthCheckRequest { Service = service });

        Assert.Equal(ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Check_of_an_unknown_service_is_not_found()
    {
        using var channel = _server.Channel();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await channel.UnaryCall(Check, new HealthCheckRequest { Service = "no.such.Service" }));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Check_follows_the_registry()
    {
        using var channel = _server.Channel();
        _server.Health.Set("rpctest.v1.Cache", ServingStatus.NotServing);

        var response = await channel.UnaryCall(Check, new HealthCheckRequest { Service = "rpctest.v1.Cache" });

        Assert.Equal(ServingStatus.NotServing, response.Status);
    }

    [Fact]
    public async Task List_returns_every_known_name()
    {
        using var channel = _server.Channel();

        var response = await channel.UnaryCall(List, new HealthListRequest());

        Assert.Equal(ServingStatus.Serving, response.Statuses[""].Status);
        Assert.Equal(ServingStatus.Serving, response.Statuses["rpctest.v1.EchoService"].Status);
        Assert.Contains("grpc.reflection.v1alpha.ServerReflection", response.Statuses.Keys);
    }

    [Fact]
    public async Task Watch_sends_the_current_status_then_each_change()
    {
        const string name = "rpctest.v1.Dependency";
        using var channel = _server.Channel();
        using var call = channel.ServerStreamingCall(Watch, new HealthCheckRequest { Service = name });

        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(ServingStatus.ServiceUnknown, call.ResponseStream.Current.Status);

        _server.Health.Set(name, ServingStatus.NotServing);
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(ServingStatus.NotServing, call.ResponseStream.Current.Status);

        _server.Health.Set(name, ServingStatus.NotServing); // no change: nothing sent
        _server.Health.Set(name, ServingStatus.Serving);
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(ServingStatus.Serving, call.ResponseStream.Current.Status);
    }

    [Fact]
    public async Task Watchers_learn_of_shutdown_as_not_serving()
    {
        var server = await TestServer.StartAsync();
        using var channel = server.Channel();
        var call = channel.ServerStreamingCall(Watch, new HealthCheckRequest { Service = "" });
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(ServingStatus.Serving, call.ResponseStream.Current.Status);

        var stopping = server.App.StopAsync();
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(ServingStatus.NotServing, call.ResponseStream.Current.Status);

        call.Dispose();
        await stopping;
        await server.DisposeAsync();
    }
}
