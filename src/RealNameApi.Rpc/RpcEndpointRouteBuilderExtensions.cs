using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RealNameApi.Rpc.Health;
using RealNameApi.Rpc.Reflection;
using RealNameApi.Rpc.Server;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace RealNameApi.Rpc;

/// <summary>Maps gRPC services onto endpoints, one endpoint per method at <c>/package.Service/Method</c>.</summary>
public static class RpcEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps every method of <paramref name="service"/> to a public method of <typeparamref name="THandler"/>
    /// with the RPC's name and the shape of its kind (see <see cref="MethodType"/>):
    /// <code>
    /// unary             Task&lt;TResponse&gt; M(TRequest request, ServerCallContext context)
    /// server streaming  Task M(TRequest request, IServerStreamWriter&lt;TResponse&gt; responseStream, ServerCallContext context)
    /// client streaming  Task&lt;TResponse&gt; M(IAsyncStreamReader&lt;TRequest&gt; requestStream, ServerCallContext context)
    /// duplex            Task M(IAsyncStreamReader&lt;TRequest&gt; requestStream, IServerStreamWriter&lt;TResponse&gt; responseStream, ServerCallContext context)
    /// </code>
    /// The handler comes from DI when registered there, else is created per call with its
    /// constructor's dependencies from DI. The service is reported SERVING by health.
    /// </summary>
    /// <exception cref="InvalidOperationException">A method is missing or mis-shaped (the message lists the expected signatures), or AddRpc was not called.</exception>
    public static IEndpointConventionBuilder MapRpcService<THandler>(this IEndpointRouteBuilder endpoints, ServiceDescriptor service)
        where THandler : class
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(service);
        var services = endpoints.ServiceProvider;
        var runtime = services.GetService<ServerRuntime>()
            ?? throw new InvalidOperationException("Call services.AddRpc() before mapping gRPC services.");
        var registry = services.GetRequiredService<RpcServiceRegistry>();

        var handlers = MethodBinder.Bind<THandler>(service, runtime, services);
        registry.Add(service);
        services.GetRequiredService<HealthStatusRegistry>().Set(service.FullName, ServingStatus.Serving);

        var builders = new List<IEndpointConventionBuilder>(handlers.Count);
        foreach (var handler in handlers)
        {
            var builder = endpoints.Map(handler.Method.Path, handler.HandleAsync)
                .WithDisplayName($"gRPC {handler.Method.Path}");
            builders.Add(Configure(builder, runtime));
        }
        MapUnimplemented(endpoints, runtime, registry);
        return new CompositeConventionBuilder(builders);
    }

    /// <summary>
    /// Maps <c>grpc.health.v1.Health</c> (Check, List, Watch) over <see cref="HealthStatusRegistry"/>.
    /// When the application stops, every status turns NOT_SERVING so watchers and load balancers learn first.
    /// </summary>
    public static IEndpointConventionBuilder MapRpcHealth(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var builder = endpoints.MapRpcService<HealthService>(Grpc.Health.V1.HealthReflection.Descriptor.Services[0]);
        var health = endpoints.ServiceProvider.GetRequiredService<HealthStatusRegistry>();
        endpoints.ServiceProvider.GetService<IHostApplicationLifetime>()?.ApplicationStopping.Register(() => health.SetAll(ServingStatus.NotServing));
        return builder;
    }

    /// <summary>Maps server reflection, <c>grpc.reflection.v1</c> and <c>grpc.reflection.v1alpha</c>, over every mapped service.</summary>
    public static IEndpointConventionBuilder MapRpcReflection(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return new CompositeConventionBuilder(
        [
            endpoints.MapRpcService<ReflectionService>(Grpc.Reflection.V1.ReflectionReflection.Descriptor.Services[0]),
            endpoints.MapRpcService<ReflectionServiceV1Alpha>(Grpc.Reflection.V1Alpha.ReflectionReflection.Descriptor.Services[0]),
        ]);
    }

    private static IEndpointConventionBuilder Configure(IEndpointConventionBuilder builder, ServerRuntime runtime)
    {
        // POST only; OPTIONS preflights are routed here too so the CORS middleware can answer them.
        builder.WithMetadata(new HttpMethodMetadata(["POST"], acceptCorsPreflight: true));
        var web = runtime.Options.GrpcWeb;
        if (web.Enabled && web.AllowedOrigins.Count > 0)
        {
            builder.RequireCors(RpcServiceCollectionExtensions.GrpcWebCorsPolicy);
        }
        return builder;
    }

    /// <summary>A catch-all for gRPC requests to unknown paths, so they get UNIMPLEMENTED instead of HTTP 404.</summary>
    private static void MapUnimplemented(IEndpointRouteBuilder endpoints, ServerRuntime runtime, RpcServiceRegistry registry)
    {
        if (registry.UnimplementedMapped)
        {
            return;
        }
        registry.UnimplementedMapped = true;
        var pattern = RoutePatternFactory.Parse(
            $"/{{{UnimplementedCallHandler.ServiceParameter}}}/{{{UnimplementedCallHandler.MethodParameter}}}",
            defaults: null,
            parameterPolicies: new RouteValueDictionary { [UnimplementedCallHandler.ServiceParameter] = new UnimplementedCallHandler.GrpcContentTypeConstraint() });
        var handler = new UnimplementedCallHandler(runtime, registry);
        var builder = endpoints.Map(pattern, handler.HandleAsync).WithDisplayName("gRPC unimplemented method");
        builder.Add(b => ((RouteEndpointBuilder)b).Order = int.MaxValue);
        Configure(builder, runtime);
    }

    private sealed class CompositeConventionBuilder(IReadOnlyList<IEndpointConventionBuilder> builders) : IEndpointConventionBuilder
    {
        public void Add(Action<EndpointBuilder> convention)
        {
            foreach (var builder in builders)
            {
                builder.Add(convention);
            }
        }

        public void Finally(Action<EndpointBuilder> finallyConvention)
        {
            foreach (var builder in builders)
            {
                builder.Finally(finallyConvention);
            }
        }
    }
}
