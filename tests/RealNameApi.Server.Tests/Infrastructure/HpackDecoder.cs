using System.Text;

namespace RealNameApi.Server.Tests.Infrastructure;

/// <summary>
/// An HPACK (RFC 7541) decoder for one direction of one HTTP/2 connection: static and dynamic
/// tables, integers, literals and table size updates. Huffman-coded strings are not decoded (the
/// server's encoder, Kestrel's, does not produce them): meeting one fails loudly rather than
/// guessing, so nothing is ever counted from a header that was not actually read.
/// </summary>
public sealed class HpackDecoder
{
    private static readonly (string Name, string Value)[] StaticTable =
    [
        (":authority", ""), (":method", "GET"), (":method", "POST"), (":path", "/"), (":path", "/index.html"),
        (":scheme", "http"), (":scheme", "https"), (":status", "200"), (":status", "204"), (":status", "206"),
        (":status", "304"), (":status", "400"), (":status", "404"), (":status", "500"), ("accept-charset", ""),
        ("accept-encoding", "gzip, deflate"), ("accept-language", ""), ("accept-ranges", ""), ("accept", ""),
        ("access-control-allow-origin", ""), ("age", ""), ("allow", ""), ("authorization", ""), ("cache-control", ""),
        ("content-disposition", ""), ("content-encoding", ""), ("content-language", ""), ("content-length", ""),
        ("content-location", ""), ("content-range", ""), ("content-type", ""), ("cookie", ""), ("date", ""),
        ("etag", ""), ("expect", ""), ("expires", ""), ("from", ""), ("host", ""), ("if-match", ""),
        ("if-modified-since", ""), ("if-none-match", ""), ("if-range", ""), ("if-unmodified-since", ""),
        ("last-modified", ""), ("link", ""), ("location", ""), ("max-forwards", ""), ("proxy-authenticate", ""),
        ("proxy-authorization", ""), ("range", ""), ("referer", ""), ("refresh", ""), ("retry-after", ""),
        ("server", ""), ("set-cookie", ""), ("strict-transport-security", ""), ("transfer-encoding", ""),
        ("user-agent", ""), ("vary", ""), ("via", ""), ("www-authenticate", ""),
    ];

    // Newest first, as HPACK indexes it.
    private readonly LinkedList<(string Name, string Value)> _dynamic = new();
    private int _size;

    // SETTINGS_HEADER_TABLE_SIZE starts at 4096 for every HTTP/2 connection.
    private int _maxSize = 4096;

    /// <summary>Decodes one complete header block (HEADERS plus its CONTINUATIONs, padding and priority removed).</summary>
    public List<(string Name, string Value)> Decode(ReadOnlySpan<byte> block)
    {
        var headers = new List<(string, string)>();
        var position = 0;
        while (position < block.Length)
        {
            var b = block[position];
            if ((b & 0x80) != 0)
            {
                headers.Add(Entry(ReadInteger(block, ref position, 7)));
            }
            else if ((b & 0xC0) == 0x40)
            {
                var header = ReadLiteral(block, ref position, 6);
                headers.Add(header);
                Add(header);
            }
            else if ((b & 0xE0) == 0x20)
            {
                _maxSize = ReadInteger(block, ref position, 5);
                Evict(0);
            }
            else
            {
                // Without indexing (0000) or never indexed (0001): a 4-bit prefix, no table change.
                headers.Add(ReadLiteral(block, ref position, 4));
            }
        }

        return headers;
    }

    private (string Name, string Value) ReadLiteral(ReadOnlySpan<byte> block, ref int position, int prefix)
    {
        var index = ReadInteger(block, ref position, prefix);
        var name = index == 0 ? ReadString(block, ref position) : Entry(index).Name;
        return (name, ReadString(block, ref position));
    }

    private (string Name, string Value) Entry(int index)
    {
        if (index >= 1 && index <= StaticTable.Length)
        {
            return StaticTable[index - 1];
        }

        var dynamicIndex = index - StaticTable.Length - 1;
        if (index == 0 || dynamicIndex >= _dynamic.Count)
        {
            throw new InvalidDataException($"HPACK index {index} is outside the tables ({_dynamic.Count} dynamic entries).");
        }

        return _dynamic.ElementAt(dynamicIndex);
    }

    private void Add((string Name, string Value) header)
    {
        var size = EntrySize(header);
        Evict(size);
        if (size <= _maxSize)
        {
            _dynamic.AddFirst(header);
            _size += size;
        }
    }

    private void Evict(int room)
    {
        while (_dynamic.Count > 0 && _size + room > _maxSize)
        {
            _size -= EntrySize(_dynamic.Last!.Value);
            _dynamic.RemoveLast();
        }
    }

    private static int EntrySize((string Name, string Value) header) =>
        Encoding.UTF8.GetByteCount(header.Name) + Encoding.UTF8.GetByteCount(header.Value) + 32;

    private static string ReadString(ReadOnlySpan<byte> block, ref int position)
    {
        var huffman = (block[position] & 0x80) != 0;
        var length = ReadInteger(block, ref position, 7);
        if (huffman)
        {
            throw new NotSupportedException("The server sent a Huffman-coded header string, which this decoder does not read.");
        }

        var value = Encoding.UTF8.GetString(block.Slice(position, length));
        position += length;
        return value;
    }

    private static int ReadInteger(ReadOnlySpan<byte> block, ref int position, int prefixBits)
    {
        var mask = (1 << prefixBits) - 1;
        var value = block[position++] & mask;
        if (value < mask)
        {
            return value;
        }

        var shift = 0;
        byte b;
        do
        {
            b = block[position++];
            value += (b & 0x7F) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);
        return value;
    }
}
