namespace RealNameApi.Rpc.Protocol;

/// <summary>The HTTP/2 error codes (RFC 9113, section 7) this library sends in RST_STREAM.</summary>
internal static class Http2ErrorCodes
{
    public const int NoError = 0x0;
    public const int Cancel = 0x8;
}
