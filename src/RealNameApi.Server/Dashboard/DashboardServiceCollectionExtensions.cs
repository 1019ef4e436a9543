using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace RealNameApi.Server.Dashboard;

/// <summary>
/// Serves the operations dashboard (the build of clients/dashboard, which the server's build
/// copies to <c>dashboard/</c> beside the assembly) at <c>/</c> on the HTTP/1.1 port. The page
/// calls the services over gRPC-Web from the same origin, so it needs no CORS.
/// </summary>
public static partial class DashboardServiceCollectionExtensions
{
    /// <summary>The folder beside the assembly that holds the built page.</summary>
    public const string FolderName = "dashboard";

    /// <summary>The setting that serves the page from another folder (a build elsewhere, or none).</summary>
    public const string DirectoryKey = "Dashboard:Directory";

    // The page loads only its own script, styles and icon and calls only its own origin; nothing
    // inline, nothing framed.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private const string NotBuilt =
        "The dashboard is not built. From the repository root, build it with `npm ci && npm run build -w clients/dashboard` " +
        "(Node 20 and npm) and build the server again, or just `dotnet build src/RealNameApi.Server`, which runs that build " +
        "when the page's sources are there.\n";

    /// <summary>
    /// Serves the dashboard from <c>Dashboard:Directory</c> (default: <c>dashboard/</c> beside the
    /// assembly). Without a build there, <c>GET /</c> answers 404 with how to build it; the
    /// services run either way.
    /// </summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        // A startup filter puts the page's files in front of the whole pipeline, before routing:
        // otherwise a two-segment path such as /assets/app.js matches the gRPC routes
        // (/{service}/{method}, POST only) and is answered 405 before static files see it.
        services.AddTransient<IStartupFilter, DashboardStartupFilter>();
        return services;
    }

    private sealed class DashboardStartupFilter(IConfiguration configuration, ILogger<DashboardStartupFilter> logger) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            var root = Path.GetFullPath(configuration[DirectoryKey] is { Length: > 0 } configured
                ? configured
                : Path.Combine(AppContext.BaseDirectory, FolderName));
            // The gRPC port speaks cleartext HTTP/2 only, which browsers never use; the HTTP/1.1 port
            // is the one browsers reach, so the page is served there and nowhere else.
            app.UseWhen(context => !HttpProtocol.IsHttp2(context.Request.Protocol), branch =>
            {
                if (File.Exists(Path.Combine(root, "index.html")))
                {
                    var files = new PhysicalFileProvider(root);
                    branch.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
                    branch.UseStaticFiles(new StaticFileOptions
                    {
                        FileProvider = files,
                        ContentTypeProvider = new FileExtensionContentTypeProvider(),
                        OnPrepareResponse = file => AddHeaders(file.Context.Response, file.Context.Request.Path),
                    });
                    Log.DashboardServed(logger, root);
                }
                else
                {
                    branch.Use(async (context, nextMiddleware) =>
                    {
                        if ((HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)) && context.Request.Path == "/")
                        {
                            context.Response.StatusCode = StatusCodes.Status404NotFound;
                            context.Response.ContentType = "text/plain; charset=utf-8";
                            await context.Response.WriteAsync(NotBuilt, context.RequestAborted).ConfigureAwait(false);
                            return;
                        }
                        await nextMiddleware(context).ConfigureAwait(false);
                    });
                    Log.DashboardNotBuilt(logger, root);
                }
            });
            next(app);
        };
    }

    // Asset names carry a content hash, so they are cached for good; index.html (and the icon) are
    // revalidated on every load, so a new build shows at once.
    private static void AddHeaders(HttpResponse response, PathString path)
    {
        var headers = response.Headers;
        headers.CacheControl = path.StartsWithSegments("/assets", StringComparison.Ordinal)
            ? "public, max-age=31536000, immutable"
            : "no-cache";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers[HeaderNames.XFrameOptions] = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
    }

    private static partial class Log
    {
        [LoggerMessage(101, LogLevel.Information, "Dashboard served at / on the HTTP/1.1 port from {Directory}")]
        public static partial void DashboardServed(ILogger logger, string directory);

        [LoggerMessage(102, LogLevel.Warning, "Dashboard not built: {Directory} has no index.html; GET / answers 404 with how to build it")]
        public static partial void DashboardNotBuilt(ILogger logger, string directory);
    }
}
