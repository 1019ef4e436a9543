using System.Buffers;
using System.Text;
using Google.Protobuf;
using RealNameApi.Rpc.Protocol;

namespace RealNameApi.Rpc.Web;

/// <summary>
/// gRPC-Web carries trailers in the body: a last frame with flag 0x80 holding lines
/// <c>name: value\r\n</c> with lower-case names (PROTOCOL-WEB).
/// </summary>
internal static class WebTrailers
{
    public static void Write(IBufferWriter<byte> output, Status status, Google.Rpc.Status? details, Metadata? trailers, Metadata? moreTrailers)
    {
        var text = new StringBuilder();
        text.Append(GrpcProtocol.StatusHeader).Append(": ").Append(GrpcProtocol.StatusValue(status.Code)).Append("\r\n");
        if (!string.IsNullOrEmpty(status.Detail))
        {
            text.Append(GrpcProtocol.MessageHeader).Append(": ").Append(PercentEncoding.Encode(status.Detail)).Append("\r\n");
        }
        if (details is not null)
        {
            text.Append(GrpcProtocol.StatusDetailsHeader).Append(": ").Append(Base64Values.EncodeUnpadded(details.ToByteArray())).Append("\r\n");
        }
        MetadataHeaders.ForEachToSend(trailers, text, static (t, name, value) => t.Append(name).Append(": ").Append(value).Append("\r\n"));
        MetadataHeaders.ForEachToSend(moreTrailers, text, static (t, name, value) => t.Append(name).Append(": ").Append(value).Append("\r\n"));

        var length = Encoding.ASCII.GetByteCount(text.ToString());
        var span = output.GetSpan(GrpcProtocol.HeaderSize + length);
        MessageFraming.WriteHeader(span, compressed: false, length);
        span[0] = GrpcProtocol.WebTrailersFlag;
        Encoding.ASCII.GetBytes(text.ToString(), span[GrpcProtocol.HeaderSize..]);
        output.Advance(GrpcProtocol.HeaderSize + length);
    }

    /// <summary>Parses a trailers frame's payload into headers (name lower-cased, value trimmed).</summary>
    public static IEnumerable<KeyValuePair<string, string>> Parse(ReadOnlySpan<byte> payload)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var line in Encoding.ASCII.GetString(payload).Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                result.Add(new(line[..colon].Trim().ToLowerInvariant(), line[(colon + 1)..].Trim()));
            }
        }
        return result;
    }
}
