namespace RealNameApi.Rpc.Protocol;

/// <summary>Names and values fixed by grpc's PROTOCOL-HTTP2 and PROTOCOL-WEB documents.</summary>
internal static class GrpcProtocol
{
    public const string ContentType = "application/grpc";
    public const string ContentTypeProto = "application/grpc+proto";
    public const string WebContentType = "application/grpc-web";
    public const string WebContentTypeProto = "application/grpc-web+proto";
    public const string WebTextContentType = "application/grpc-web-text";
    public const string WebTextContentTypeProto = "application/grpc-web-text+proto";

    public const string StatusHeader = "grpc-status";
    public const string MessageHeader = "grpc-message";
    public const string StatusDetailsHeader = "grpc-status-details-bin";
    public const string TimeoutHeader = "grpc-timeout";
    public const string EncodingHeader = "grpc-encoding";
    public const string AcceptEncodingHeader = "grpc-accept-encoding";
    public const string TeHeader = "te";
    public const string UserAgentHeader = "user-agent";

    /// <summary>The length prefix: a compressed flag byte and a 4-byte big-endian length.</summary>
    public const int HeaderSize = 5;

    /// <summary>The first byte of a gRPC-Web frame that carries trailers rather than a message.</summary>
    public const byte WebTrailersFlag = 0x80;

    /// <summary>The wire form of <c>grpc-status</c> values 0 to 16, to avoid formatting on each call.</summary>
    public static readonly string[] StatusValues = [.. Enumerable.Range(0, 17).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    public static string StatusValue(StatusCode code) =>
        (uint)code < (uint)StatusValues.Length ? StatusValues[(int)code] : ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Which protocol a request's content-type asks for, or <see cref="CallFormat.None"/>.</summary>
    public static CallFormat Classify(string? contentType)
    {
        // The common case first, by reference or ordinal equality, before any parsing.
        if (string.Equals(contentType, ContentType, StringComparison.Ordinal))
        {
            return CallFormat.Grpc;
        }
        if (contentType is null)
        {
            return CallFormat.None;
        }
        var mediaType = contentType.AsSpan();
        var semicolon = mediaType.IndexOf(';');
        if (semicolon >= 0)
        {
            mediaType = mediaType[..semicolon];
        }
        mediaType = mediaType.Trim();
        if (mediaType.Equals(ContentType, StringComparison.OrdinalIgnoreCase) || mediaType.Equals(ContentTypeProto, StringComparison.OrdinalIgnoreCase))
        {
            return CallFormat.Grpc;
        }
        if (mediaType.Equals(WebContentType, StringComparison.OrdinalIgnoreCase) || mediaType.Equals(WebContentTypeProto, StringComparison.OrdinalIgnoreCase))
        {
            return CallFormat.GrpcWeb;
        }
        if (mediaType.Equals(WebTextContentType, StringComparison.OrdinalIgnoreCase) || mediaType.Equals(WebTextContentTypeProto, StringComparison.OrdinalIgnoreCase))
        {
            return CallFormat.GrpcWebText;
        }
        return CallFormat.None;
    }

    /// <summary>Whether the content-type is some gRPC flavour, including ones this server does not speak (e.g. <c>+json</c>).</summary>
    public static bool LooksLikeGrpc(string? contentType) =>
        contentType is not null && contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase);

    public static string ResponseContentType(CallFormat format) => format switch
    {
        CallFormat.GrpcWeb => WebContentTypeProto,
        CallFormat.GrpcWebText => WebTextContentTypeProto,
        _ => ContentType,
    };
}

/// <summary>The three ways a call travels: native gRPC over HTTP/2, gRPC-Web binary, gRPC-Web base64 text.</summary>
internal enum CallFormat
{
    None,
    Grpc,
    GrpcWeb,
    GrpcWebText,
}
