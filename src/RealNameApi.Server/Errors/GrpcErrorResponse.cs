using System.Globalization;
using System.Text;
using Google.Protobuf;

namespace RealNameApi.Server.Errors;

/// <summary>
/// Answers a gRPC call from middleware, before it reaches a service, as a gRPC server would:
/// a Trailers-Only response (HTTP 200, the gRPC content type, <c>grpc-status</c>,
/// <c>grpc-message</c> and <c>grpc-status-details-bin</c> in the headers, no body). A plain HTTP
/// 401, 403 or 429 would reach gRPC clients only as a bare code (429 even as UNAVAILABLE) with
/// no message and no details.
/// </summary>
internal static class GrpcErrorResponse
{
    /// <summary>Whether the request is a gRPC or gRPC-Web call.</summary>
    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    /// <summary>Writes <paramref name="status"/> as the call's whole answer.</summary>
    public static Task WriteAsync(HttpContext http, Google.Rpc.Status status)
    {
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        // Behind UseGrpcWeb a gRPC-Web call reads as application/grpc here, and the gRPC-Web
        // middleware turns this content type back into the caller's on the way out; gRPC-Web
        // carries a Trailers-Only answer in its headers just the same.
        var requestType = http.Request.ContentType ?? "";
        response.ContentType = requestType.StartsWith("application/grpc-web-text", StringComparison.OrdinalIgnoreCase) ? "application/grpc-web-text"
            : requestType.StartsWith("application/grpc-web", StringComparison.OrdinalIgnoreCase) ? "application/grpc-web"
            : "application/grpc";
        response.Headers["grpc-status"] = status.Code.ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = PercentEncode(status.Message);
        response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(status.ToByteArray());
        return Task.CompletedTask;
    }

    // grpc's PROTOCOL-HTTP2: grpc-message is percent-encoded UTF-8, every byte outside 0x20-0x7E and '%'.
    private static string PercentEncode(string message)
    {
        var text = new StringBuilder(message.Length);
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7E and not (byte)'%')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }
}
