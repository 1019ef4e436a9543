using Microsoft.Extensions.Primitives;

namespace RealNameApi.Rpc.Protocol;

/// <summary>
/// Maps custom metadata to and from HTTP headers. Protocol headers (pseudo-headers, <c>grpc-*</c>,
/// <c>content-type</c>, <c>te</c>, hop-by-hop headers) are not custom metadata and are neither
/// exposed nor sent as such.
/// </summary>
internal static class MetadataHeaders
{
    public static bool IsReserved(string name) =>
        name.Length == 0
        || name[0] == ':'
        || name.StartsWith("grpc-", StringComparison.OrdinalIgnoreCase)
        || name.Equals("content-type", StringComparison.OrdinalIgnoreCase)
        || name.Equals("te", StringComparison.OrdinalIgnoreCase)
        || name.Equals("host", StringComparison.OrdinalIgnoreCase)
        || name.Equals("content-length", StringComparison.OrdinalIgnoreCase)
        || name.Equals("connection", StringComparison.OrdinalIgnoreCase)
        || name.Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase)
        || name.Equals("keep-alive", StringComparison.OrdinalIgnoreCase)
        || name.Equals("upgrade", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Adds one received header to <paramref name="metadata"/>. A <c>-bin</c> header may hold several
    /// base64 values joined by ','; values that are not valid (base64, or printable ASCII) are dropped,
    /// as the spec allows, rather than failing the call.
    /// </summary>
    public static void AddReceived(Metadata metadata, string name, StringValues values)
    {
        if (IsReserved(name))
        {
            return;
        }
        var key = name.ToLowerInvariant();
        foreach (var value in values)
        {
            if (value is null)
            {
                continue;
            }
            if (Metadata.IsBinaryKey(key))
            {
                foreach (var range in value.AsSpan().Split(','))
                {
                    if (Base64Values.TryDecode(value.AsSpan(range), out var bytes))
                    {
                        metadata.Add(key, bytes);
                    }
                }
            }
            else if (IsPrintableAscii(value))
            {
                metadata.Add(key, value.Trim());
            }
        }
    }

    /// <summary>Calls <paramref name="add"/> with the wire name and value of each sendable entry.</summary>
    public static void ForEachToSend<TState>(Metadata? metadata, TState state, Action<TState, string, string> add)
    {
        if (metadata is null)
        {
            return;
        }
        foreach (var entry in metadata)
        {
            if (IsReserved(entry.Key))
            {
                continue;
            }
            add(state, entry.Key, entry.IsBinary ? Base64Values.EncodeUnpadded(entry.ValueBytes) : entry.Value);
        }
    }

    private static bool IsPrintableAscii(string value)
    {
        foreach (var c in value)
        {
            if (c is < (char)0x20 or > (char)0x7E)
            {
                return false;
            }
        }
        return true;
    }
}
