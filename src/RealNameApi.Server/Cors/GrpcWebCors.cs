using Microsoft.AspNetCore.Cors.Infrastructure;
using RealNameApi.Server.Configuration;

namespace RealNameApi.Server.Cors;

/// <summary>
/// CORS for browsers calling over gRPC-Web: the origins of <c>Server:AllowedOrigins</c>, POST only,
/// the request headers gRPC-Web clients send and the gRPC response headers exposed to scripts.
/// </summary>
internal static class GrpcWebCors
{
    private static readonly string[] ExposedHeaders = ["grpc-status", "grpc-message", "grpc-status-details-bin", "grpc-encoding", "grpc-accept-encoding"];

    public static IServiceCollection AddGrpcWebCors(this IServiceCollection services, ServerOptions options) =>
        services.AddCors(cors => cors.AddDefaultPolicy(policy =>
        {
            if (options.AllowsAnyOrigin)
            {
                policy.AllowAnyOrigin();
            }
            else
            {
                policy.WithOrigins([.. options.AllowedOrigins]);
            }
            policy.WithMethods("POST").AllowAnyHeader().WithExposedHeaders(ExposedHeaders).SetPreflightMaxAge(TimeSpan.FromMinutes(10));
        }));

    /// <summary>
    /// Answers a preflight from an origin that is not allowed with 403 and a sentence naming the
    /// setting that allows it. Without this, the CORS middleware answers 204 without the
    /// allow-origin header, and the browser reports only that the call was blocked.
    /// </summary>
    public static IApplicationBuilder UseRefusedPreflightAnswer(this IApplicationBuilder app, ServerOptions options) =>
        // Not an async lambda: every call passes through, and only a refused preflight awaits.
        app.Use((http, next) => IsRefusedPreflight(http.Request, options) ? RefuseAsync(http) : next(http));

    private static bool IsRefusedPreflight(HttpRequest request, ServerOptions options) =>
        HttpMethods.IsOptions(request.Method)
        && request.Headers.ContainsKey(CorsConstants.AccessControlRequestMethod)
        && request.Headers.Origin.ToString() is { Length: > 0 } origin
        && !options.AllowsAnyOrigin
        && !options.AllowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase);

    private static Task RefuseAsync(HttpContext http)
    {
        Log.PreflightRefused(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("RealNameApi.Server.Cors"));
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync(
            "This origin may not call this server from a browser. The server's operator allows origins with the setting " +
            "Server:AllowedOrigins (for example --Server:AllowedOrigins=http://localhost:3000, a comma-separated list, or * for any).");
    }
}
