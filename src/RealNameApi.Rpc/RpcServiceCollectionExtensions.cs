using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RealNameApi.Rpc.Health;
using RealNameApi.Rpc.Protocol;
using RealNameApi.Rpc.Reflection;
using RealNameApi.Rpc.Server;

namespace RealNameApi.Rpc;

/// <summary>Registers the gRPC server.</summary>
public static class RpcServiceCollectionExtensions
{
    /// <summary>The CORS policy applied to gRPC endpoints when gRPC-Web origins are configured.</summary>
    public const string GrpcWebCorsPolicy = "RealNameApi.Rpc.GrpcWeb";

    /// <summary>
    /// Adds the gRPC server: options, the health registry (<see cref="HealthStatusRegistry"/>),
    /// reflection, and the gRPC-Web CORS policy. Map services with
    /// <see cref="RpcEndpointRouteBuilderExtensions.MapRpcService{THandler}"/>.
    /// </summary>
    public static IServiceCollection AddRpc(this IServiceCollection services, Action<RpcServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddRouting();
        services.AddOptions<RpcServerOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }
        services.TryAddSingleton<ServerRuntime>();
        services.TryAddSingleton<RpcServiceRegistry>();
        services.TryAddSingleton<HealthStatusRegistry>();
        services.TryAddSingleton<ReflectionService>();
        services.TryAddSingleton<ReflectionServiceV1Alpha>();
        services.TryAddSingleton<HealthService>();

        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<RpcServerOptions>>((cors, rpc) =>
        {
            var web = rpc.Value.GrpcWeb;
            if (!web.Enabled || web.AllowedOrigins.Count == 0)
            {
                return;
            }
            cors.AddPolicy(GrpcWebCorsPolicy, policy =>
            {
                if (web.AllowedOrigins.Contains("*"))
                {
                    policy.AllowAnyOrigin();
                }
                else
                {
                    policy.WithOrigins([.. web.AllowedOrigins]);
                }
                // PROTOCOL-WEB: POST only, whatever headers the preflight asks for, and the status
                // headers readable by the page (for Trailers-Only responses).
                policy.WithMethods("POST")
                    .AllowAnyHeader()
                    .WithExposedHeaders(GrpcProtocol.StatusHeader, GrpcProtocol.MessageHeader, GrpcProtocol.StatusDetailsHeader)
                    .SetPreflightMaxAge(web.PreflightMaxAge);
            });
        });
        return services;
    }
}
