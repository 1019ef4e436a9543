using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using RealNameApi.Rpc.Protocol;

namespace RealNameApi.Rpc.Server;

/// <summary>
/// The checks every call passes before a handler runs. A request that fails one is answered here:
/// with an HTTP error when it is not a gRPC request this server can speak (415, 426), else with a
/// Trailers-Only gRPC status.
/// </summary>
internal static class CallPreflight
{
    // CancellationTokenSource.CancelAfter accepts at most uint.MaxValue - 1 milliseconds (~49 days);
    // a longer timeout is, for any practical purpose, no deadline.
    private static readonly TimeSpan LongestTimer = TimeSpan.FromDays(45);

    public static bool TryAccept(HttpContext http, ServerRuntime runtime, string path, out CallFormat format, out TimeSpan? timeout, out bool compressed)
    {
        var request = http.Request;
        timeout = null;
        compressed = false;
        format = GrpcProtocol.Classify(request.ContentType);

        if (format == CallFormat.None)
        {
            if (HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey(HeaderNames.AccessControlRequestMethod))
            {
                // A CORS preflight reached the call itself: CORS is not set up for this origin or
                // the application does not call app.UseCors().
                RejectHttp(http, runtime, StatusCodes.Status405MethodNotAllowed,
                    "Unhandled CORS preflight request: gRPC-Web origins are configured in RpcServerOptions.GrpcWeb and need app.UseCors().");
                http.Response.Headers.Allow = HttpMethods.Post;
                return false;
            }
            RejectHttp(http, runtime, StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type '{request.ContentType}' is not supported; use application/grpc, application/grpc+proto or, with gRPC-Web enabled, application/grpc-web[-text][+proto].");
            return false;
        }
        if (format != CallFormat.Grpc && !runtime.Options.GrpcWeb.Enabled)
        {
            RejectHttp(http, runtime, StatusCodes.Status415UnsupportedMediaType, "gRPC-Web is not enabled on this server.");
            return false;
        }
        if (format == CallFormat.Grpc && !HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
        {
            // What grpc-dotnet answers: gRPC needs HTTP/2 (gRPC-Web is the way for HTTP/1.1 clients).
            RejectHttp(http, runtime, StatusCodes.Status426UpgradeRequired, $"Request protocol '{request.Protocol}' is not supported.");
            http.Response.Headers.Upgrade = "HTTP/2";
            return false;
        }

        var headers = request.Headers;
        var timeoutValues = headers[GrpcProtocol.TimeoutHeader];
        if (timeoutValues.Count > 0)
        {
            if (timeoutValues.Count > 1 || !GrpcTimeout.TryParse(timeoutValues[0], out var parsed))
            {
                // PROTOCOL-HTTP2 defines the header strictly; a request that breaks it is a protocol
                // violation by the client runtime, which gRPC reports as INTERNAL (never INVALID_ARGUMENT,
                // which only applications return).
                RejectTrailersOnly(http, runtime, path, format, new Status(StatusCode.Internal,
                    "Malformed grpc-timeout header: expected 1 to 8 digits followed by a unit, one of H M S m u n."));
                return false;
            }
            timeout = parsed <= LongestTimer ? parsed : null;
        }

        var encoding = headers[GrpcProtocol.EncodingHeader];
        if (encoding.Count > 0)
        {
            var value = encoding.ToString();
            if (encoding.Count > 1 || !MessageCompression.IsSupported(value))
            {
                http.Response.Headers[GrpcProtocol.AcceptEncodingHeader] = MessageCompression.AcceptEncoding;
                RejectTrailersOnly(http, runtime, path, format, new Status(StatusCode.Unimplemented,
                    $"Unsupported grpc-encoding value '{value}'. Supported encodings: identity, gzip."));
                return false;
            }
            compressed = string.Equals(value, MessageCompression.Gzip, StringComparison.OrdinalIgnoreCase);
        }
        return true;
    }

    /// <summary>Answers a valid gRPC request with only a status: HTTP 200, HEADERS with END_STREAM.</summary>
    public static void RejectTrailersOnly(HttpContext http, ServerRuntime runtime, string path, CallFormat format, Status status)
    {
        RpcServerLog.CallRejected(runtime.Logger, path, status.Code, status.Detail);
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcProtocol.ResponseContentType(format);
        StatusHeaders.Write(response.Headers, status, null, null, null);
    }

    private static void RejectHttp(HttpContext http, ServerRuntime runtime, int httpStatus, string message)
    {
        RpcServerLog.HttpRejected(runtime.Logger, http.Request.Path.Value ?? "", httpStatus, message);
        var response = http.Response;
        response.StatusCode = httpStatus;
        StatusHeaders.Write(response.Headers, new Status(StatusCode.Internal, message), null, null, null);
    }
}
