using System.Buffers;
using System.Buffers.Text;

namespace RealNameApi.Rpc.Protocol;

/// <summary>
/// Base64 for <c>-bin</c> metadata: emit unpadded, accept padded and unpadded (PROTOCOL-HTTP2).
/// </summary>
internal static class Base64Values
{
    public static string EncodeUnpadded(ReadOnlySpan<byte> value) => Convert.ToBase64String(value).TrimEnd('=');

    public static bool TryDecode(ReadOnlySpan<char> value, out byte[] bytes)
    {
        value = value.Trim().TrimEnd('=');
        var padding = (4 - (value.Length % 4)) % 4;
        if (padding == 3)
        {
            bytes = [];
            return false;
        }
        var padded = ArrayPool<char>.Shared.Rent(value.Length + padding);
        try
        {
            value.CopyTo(padded);
            padded.AsSpan(value.Length, padding).Fill('=');
            var chars = padded.AsSpan(0, value.Length + padding);
            bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(chars.Length)];
            if (!Convert.TryFromBase64Chars(chars, bytes, out var written))
            {
                bytes = [];
                return false;
            }
            Array.Resize(ref bytes, written);
            return true;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(padded);
        }
    }
}
