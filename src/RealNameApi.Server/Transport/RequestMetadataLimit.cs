using Microsoft.Extensions.Options;
using RealNameApi.Diagnosis.Localization;
using RealNameApi.Server.Configuration;
using RealNameApi.Server.Errors;
using RealNameApi.Server.Logging;

namespace RealNameApi.Server.Transport;

/// <summary>
/// A gRPC or gRPC-Web call whose metadata is larger than <c>Limits:MaxRequestHeadersTotalSize</c>
/// is RESOURCE_EXHAUSTED, that call alone, with the size and the limit in its <c>ErrorInfo</c>.
/// Kestrel's own limit, which is set above this one (<see cref="LimitsOptions.KestrelHeadersTotalSize"/>),
/// answers an HTTP/2 request beyond it by closing the whole connection with every call on it,
/// which clients read as UNAVAILABLE "Socket closed" and retry, and a gRPC-Web request with a
/// bare HTTP 431. Between the two limits the caller learns what is wrong; beyond Kestrel's, the
/// connection still goes, and the memory one request's headers can take stays bounded.
/// </summary>
internal static class RequestMetadataLimit
{
    /// <summary>Refuses, before authentication, every call whose metadata is over the limit.</summary>
    public static IApplicationBuilder UseRequestMetadataLimit(this IApplicationBuilder app)
    {
        var limit = app.ApplicationServices.GetRequiredService<IOptions<LimitsOptions>>().Value.MaxRequestHeadersTotalSize;
        var rejected = app.ApplicationServices.GetRequiredService<RejectedCalls>();
        return app.Use((context, next) =>
        {
            if (!GrpcErrorResponse.IsGrpc(context.Request))
            {
                return next(context);
            }

            var size = SizeOf(context.Request.Headers);
            if (size <= limit)
            {
                return next(context);
            }

            rejected.Count(Rejection.BadRequest, null);
            var locale = Locales.Resolve(null, context.Request.Headers.AcceptLanguage);
            return GrpcErrorResponse.WriteAsync(context, AccessErrors.MetadataTooLarge(size, limit, locale));
        });
    }

    // As Kestrel counts them: the names' and the values' lengths. Metadata is ASCII (binary
    // metadata travels base64-encoded), so characters are bytes.
    private static long SizeOf(IHeaderDictionary headers)
    {
        long size = 0;
        foreach (var (name, values) in headers)
        {
            size += name.Length;
            foreach (var value in values)
            {
                size += value?.Length ?? 0;
            }
        }

        return size;
    }
}
