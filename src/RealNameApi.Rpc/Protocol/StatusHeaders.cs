using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace RealNameApi.Rpc.Protocol;

/// <summary>Writes a call's status as HTTP headers or HTTP/2 trailers.</summary>
internal static class StatusHeaders
{
    /// <summary>Writes the status into <paramref name="headers"/> (a Trailers-Only response, or an early rejection).</summary>
    public static void Write(IHeaderDictionary headers, Status status, Google.Rpc.Status? details, Metadata? trailers, Metadata? moreTrailers)
    {
        headers[GrpcProtocol.StatusHeader] = GrpcProtocol.StatusValue(status.Code);
        if (!string.IsNullOrEmpty(status.Detail))
        {
            headers[GrpcProtocol.MessageHeader] = PercentEncoding.Encode(status.Detail);
        }
        if (details is not null)
        {
            headers[GrpcProtocol.StatusDetailsHeader] = Base64Values.EncodeUnpadded(details.ToByteArray());
        }
        MetadataHeaders.ForEachToSend(trailers, headers, static (h, name, value) => h.Append(name, value));
        MetadataHeaders.ForEachToSend(moreTrailers, headers, static (h, name, value) => h.Append(name, value));
    }

    /// <summary>Writes the status as HTTP/2 trailers (the HEADERS frame that ends the stream).</summary>
    public static void WriteTrailers(HttpResponse response, Status status, Google.Rpc.Status? details, Metadata? trailers, Metadata? moreTrailers)
    {
        var feature = response.HttpContext.Features.Get<IHttpResponseTrailersFeature>()
            ?? throw new InvalidOperationException("The server does not support HTTP trailers on this connection.");
        Write(feature.Trailers, status, details, trailers, moreTrailers);
    }
}
