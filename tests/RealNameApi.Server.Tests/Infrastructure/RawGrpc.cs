using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Grpc.Core;

namespace RealNameApi.Server.Tests.Infrastructure;

/// <summary>
/// gRPC by hand over HttpClient, with no generated or library client in the way, so tests can send
/// exactly the bytes and headers they mean to and see exactly what comes back.
/// </summary>
public static class RawGrpc
{
    public static HttpClient Client(Version? version = null) => new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None })
    {
        DefaultRequestVersion = version ?? HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    public static byte[] Frame(IMessage message) => Frame(message.ToByteArray());

    public static byte[] Frame(byte[] payload, byte flags = 0, int? announcedLength = null)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flags;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)(announcedLength ?? payload.Length));
        payload.CopyTo(frame, 5);
        return frame;
    }

    public static HttpRequestMessage Request(Uri server, string path, HttpContent content, string contentType = "application/grpc", params (string Name, string Value)[] headers) =>
        Request(server, path, content, HttpVersion.Version20, contentType, headers);

    public static HttpRequestMessage Request(Uri server, string path, HttpContent content, Version version, string contentType, params (string Name, string Value)[] headers)
    {
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, path))
        {
            Content = content,
            Version = version,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return request;
    }

    public static async Task<RawResponse> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        return new RawResponse(
            response.StatusCode,
            response.Version,
            ToDictionary(response.Headers.Concat(response.Content.Headers)),
            body,
            ToDictionary(response.TrailingHeaders));
    }

    /// <summary>Sends its bytes in pieces of <paramref name="chunkSize"/>, flushing after each, so each becomes its own DATA frame.</summary>
    public sealed class ChunkedContent(byte[] bytes, int chunkSize) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var offset = 0; offset < bytes.Length; offset += chunkSize)
            {
                await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(chunkSize, bytes.Length - offset)));
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }

    private static Dictionary<string, string> ToDictionary(IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers) =>
        headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value));
}

/// <summary>A response as it came off the wire.</summary>
public sealed record RawResponse(HttpStatusCode HttpStatus, Version Version, Dictionary<string, string> Headers, byte[] Body, Dictionary<string, string> Trailers)
{
    /// <summary>grpc-status from the trailers, or from the headers of a Trailers-Only response.</summary>
    public StatusCode? GrpcStatus => (Trailers.GetValueOrDefault("grpc-status") ?? Headers.GetValueOrDefault("grpc-status")) is { } value
        ? (StatusCode)int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)
        : null;

    public string? GrpcMessage => Trailers.GetValueOrDefault("grpc-message") ?? Headers.GetValueOrDefault("grpc-message");

    /// <summary>The rich status (grpc-status-details-bin: base64, padding optional).</summary>
    public Google.Rpc.Status StatusDetails()
    {
        var value = Trailers.GetValueOrDefault("grpc-status-details-bin") ?? Headers.GetValueOrDefault("grpc-status-details-bin")
            ?? throw new InvalidOperationException("The response has no grpc-status-details-bin.");
        return Google.Rpc.Status.Parser.ParseFrom(Convert.FromBase64String(value.PadRight(value.Length + ((4 - (value.Length % 4)) % 4), '=')));
    }

    /// <summary>True when the status came in the only HEADERS frame (no body, no trailers).</summary>
    public bool IsTrailersOnly => Headers.ContainsKey("grpc-status") && Body.Length == 0 && Trailers.Count == 0;
}
