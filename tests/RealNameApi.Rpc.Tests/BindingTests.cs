using Grpc.Health.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using RealNameApi.Rpc.Tests.Echo;
using RealNameApi.Rpc.Tests.Infrastructure;

namespace RealNameApi.Rpc.Tests;

/// <summary>Binding handlers to protobuf services by convention, at start-up.</summary>
public sealed class BindingTests
{
    private static void Map<THandler>()
        where THandler : class
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddRpc();
        using var app = builder.Build();
        app.MapRpcService<THandler>(EchoReflection.Descriptor.Services[0]);
    }

#pragma warning disable CA1822 // Handler methods are bound as instance methods, stateless or not.
    /// <summary>Echo and Expand are right; Collect has the wrong return type; Chat is missing.</summary>
    public sealed class IncompleteHandler
    {
        public Task<EchoResponse> Echo(EchoRequest request, ServerCallContext context) => Task.FromResult(new EchoResponse());

        public Task Expand(EchoRequest request, IServerStreamWriter<EchoResponse> responseStream, ServerCallContext context) => Task.CompletedTask;

        public Task Collect(IAsyncStreamReader<EchoRequest> requestStream, ServerCallContext context) => Task.CompletedTask;
    }

#pragma warning restore CA1822

    [Fact]
    public void A_missing_or_mis_shaped_method_fails_start_up_naming_each_expected_signature()
    {
        var error = Assert.Throws<InvalidOperationException>(Map<IncompleteHandler>);

        Assert.Contains($"{typeof(IncompleteHandler).FullName} cannot serve rpctest.v1.EchoService", error.Message);
        Assert.Contains("public Task<EchoResponse> Collect(IAsyncStreamReader<EchoRequest>, ServerCallContext)   // ClientStreaming RPC rpctest.v1.EchoService.Collect", error.Message);
        Assert.Contains("public Task Chat(IAsyncStreamReader<EchoRequest>, IServerStreamWriter<EchoResponse>, ServerCallContext)   // DuplexStreaming RPC rpctest.v1.EchoService.Chat", error.Message);
        Assert.DoesNotContain(" Echo(", error.Message);
        Assert.DoesNotContain(" Expand(", error.Message);
    }

    [Fact]
    public void Mapping_without_AddRpc_says_what_to_call()
    {
        using var app = WebApplication.CreateSlimBuilder().Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapRpcService<EchoHandler>(EchoReflection.Descriptor.Services[0]));

        Assert.Equal("Call services.AddRpc() before mapping gRPC services.", error.Message);
    }

    [Fact]
    public void Mapping_a_service_twice_is_refused()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddRpc().AddSingleton<CallObserver>();
        using var app = builder.Build();
        app.MapRpcService<EchoHandler>(EchoReflection.Descriptor.Services[0]);

        var error = Assert.Throws<InvalidOperationException>(() => app.MapRpcService<EchoHandler>(EchoReflection.Descriptor.Services[0]));

        Assert.Equal("The service rpctest.v1.EchoService is already mapped.", error.Message);
    }

#pragma warning disable CA1822
    /// <summary>Counts its instances, to tell a DI singleton from one instance per call.</summary>
    public sealed class CountingHealthHandler
    {
        private static int s_instances;

        public CountingHealthHandler() => Interlocked.Increment(ref s_instances);

        public static int Instances => s_instances;

        public Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context) =>
            Task.FromResult(new HealthCheckResponse { Status = HealthCheckResponse.Types.ServingStatus.Serving });

        public Task<HealthListResponse> List(HealthListRequest request, ServerCallContext context) => Task.FromResult(new HealthListResponse());

        public Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context) => Task.CompletedTask;
    }

#pragma warning restore CA1822

    [Fact]
    public async Task A_handler_registered_in_DI_is_resolved_from_it()
    {
        await using var server = await TestServer.StartAsync(
            mapDefaults: false,
            services: services => services.AddSingleton<CountingHealthHandler>(),
            map: app => app.MapRpcService<CountingHealthHandler>(HealthReflection.Descriptor.Services[0]));
        using var channel = server.Channel();
        var check = Client.Method.From<HealthCheckRequest, HealthCheckResponse>(HealthReflection.Descriptor.Services[0].FindMethodByName("Check"));
        var before = CountingHealthHandler.Instances;

        for (var i = 0; i < 5; i++)
        {
            await channel.UnaryCall(check, new HealthCheckRequest());
        }

        Assert.True(CountingHealthHandler.Instances - before <= 1, "A DI singleton is created at most once.");
    }
}
