using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RealNameApi.Rpc.Protocol;

namespace RealNameApi.Rpc.Server;

/// <summary>Answers gRPC requests for a path no mapped method has: UNIMPLEMENTED, as Trailers-Only.</summary>
internal sealed class UnimplementedCallHandler(ServerRuntime runtime, RpcServiceRegistry registry)
{
    public const string ServiceParameter = "unimplementedService";
    public const string MethodParameter = "unimplementedMethod";

    public Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        if (CallPreflight.TryAccept(http, runtime, path, out var format, out _, out _))
        {
            var service = http.GetRouteValue(ServiceParameter) as string ?? "";
            var detail = registry.Contains(service) ? "Method is unimplemented." : "Service is unimplemented.";
            CallPreflight.RejectTrailersOnly(http, runtime, path, format, new Status(StatusCode.Unimplemented, detail));
        }
        return Task.CompletedTask;
    }

    /// <summary>Lets the catch-all route match only requests that say they are gRPC, so other endpoints keep their 404.</summary>
    public sealed class GrpcContentTypeConstraint : IRouteConstraint
    {
        public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
            httpContext is null || GrpcProtocol.LooksLikeGrpc(httpContext.Request.ContentType);
    }
}
