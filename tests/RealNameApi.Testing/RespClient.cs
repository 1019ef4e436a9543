using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RealNameApi.Testing;

/// <summary>
/// A minimal Redis (RESP2) client for inspecting what the server stored, with nothing of the
/// server's own Redis client in between: replies are raw bytes, exactly as Redis holds them.
/// </summary>
public sealed class RespClient : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(5);

    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    private RespClient(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RespClient> ConnectAsync(int port)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(CommandTimeout);
        return new RespClient(client);
    }

    /// <summary>
    /// Sends one command and returns its reply: <c>string</c> (status), <c>long</c>, <c>byte[]</c>
    /// (bulk), <c>null</c>, or <c>object?[]</c> (array). A Redis error reply throws.
    /// </summary>
    public async Task<object?> CommandAsync(params object[] arguments)
    {
        using var timeout = new CancellationTokenSource(CommandTimeout);
        var request = new MemoryStream();
        request.Write(Encoding.ASCII.GetBytes($"*{arguments.Length}\r\n"));
        foreach (var argument in arguments)
        {
            var bytes = argument switch
            {
                byte[] b => b,
                string s => Encoding.UTF8.GetBytes(s),
                IFormattable f => Encoding.ASCII.GetBytes(f.ToString(null, CultureInfo.InvariantCulture)),
                _ => throw new ArgumentException($"Unsupported argument {argument}", nameof(arguments)),
            };
            request.Write(Encoding.ASCII.GetBytes($"${bytes.Length}\r\n"));
            request.Write(bytes);
            request.Write("\r\n"u8);
        }

        await _stream.WriteAsync(request.ToArray(), timeout.Token);
        return await ReadReplyAsync(timeout.Token);
    }

    /// <summary>Every key of the database, or those matching a glob <paramref name="pattern"/>, by SCAN.</summary>
    public async Task<List<byte[]>> ScanAllKeysAsync(string pattern = "*")
    {
        var keys = new List<byte[]>();
        var cursor = "0";
        do
        {
            var reply = (object?[])(await CommandAsync("SCAN", cursor, "MATCH", pattern, "COUNT", "1000"))!;
            cursor = Encoding.ASCII.GetString((byte[])reply[0]!);
            keys.AddRange(((object?[])reply[1]!).Cast<byte[]>());
        }
        while (cursor != "0");
        return keys;
    }

    /// <summary>
    /// The whole value of <paramref name="key"/> as raw byte strings, read by its type (GET,
    /// HGETALL, ZRANGE WITHSCORES, SMEMBERS, LRANGE, XRANGE), with the type's name.
    /// </summary>
    public async Task<(string Type, List<byte[]> Parts)> ReadValueAsync(byte[] key)
    {
        var type = (string)(await CommandAsync("TYPE", key))!;
        object? reply = type switch
        {
            "string" => await CommandAsync("GET", key),
            "hash" => await CommandAsync("HGETALL", key),
            "zset" => await CommandAsync("ZRANGE", key, "0", "-1", "WITHSCORES"),
            "set" => await CommandAsync("SMEMBERS", key),
            "list" => await CommandAsync("LRANGE", key, "0", "-1"),
            "stream" => await CommandAsync("XRANGE", key, "-", "+"),
            "none" => null, // expired between SCAN and TYPE
            _ => throw new InvalidOperationException($"Key {Encoding.UTF8.GetString(key)} has type {type}, which the test cannot read."),
        };
        var parts = new List<byte[]>();
        Flatten(reply, parts);
        return (type, parts);
    }

    public void Dispose()
    {
        _stream.Dispose();
        _client.Dispose();
    }

    private static void Flatten(object? reply, List<byte[]> parts)
    {
        switch (reply)
        {
            case byte[] bytes:
                parts.Add(bytes);
                break;
            case object?[] array:
                foreach (var item in array)
                {
                    Flatten(item, parts);
                }

                break;
            case string s:
                parts.Add(Encoding.UTF8.GetBytes(s));
                break;
            case long n:
                parts.Add(Encoding.ASCII.GetBytes(n.ToString(CultureInfo.InvariantCulture)));
                break;
        }
    }

    private async Task<object?> ReadReplyAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken);
        var rest = Encoding.UTF8.GetString(line, 1, line.Length - 1);
        switch ((char)line[0])
        {
            case '+':
                return rest;
            case '-':
                throw new InvalidOperationException($"Redis error: {rest}");
            case ':':
                return long.Parse(rest, CultureInfo.InvariantCulture);
            case '$':
            {
                var length = int.Parse(rest, CultureInfo.InvariantCulture);
                if (length < 0)
                {
                    return null;
                }

                var bytes = await ReadExactlyAsync(length + 2, cancellationToken);
                return bytes.AsSpan(0, length).ToArray();
            }
            case '*':
            {
                var count = int.Parse(rest, CultureInfo.InvariantCulture);
                if (count < 0)
                {
                    return null;
                }

                var items = new object?[count];
                for (var i = 0; i < count; i++)
                {
                    items[i] = await ReadReplyAsync(cancellationToken);
                }

                return items;
            }
            default:
                throw new InvalidOperationException($"Unexpected RESP reply: {Encoding.UTF8.GetString(line)}");
        }
    }

    private async Task<byte[]> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var index = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8);
            if (index >= 0)
            {
                var line = _buffer.AsSpan(_start, index).ToArray();
                _start += index + 2;
                return line;
            }

            await FillAsync(cancellationToken);
        }
    }

    private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
    {
        var result = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            if (_start == _end)
            {
                await FillAsync(cancellationToken);
            }

            var take = Math.Min(count - filled, _end - _start);
            _buffer.AsSpan(_start, take).CopyTo(result.AsSpan(filled));
            _start += take;
            filled += take;
        }

        return result;
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            throw new InvalidOperationException("A RESP line is longer than the read buffer.");
        }

        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        if (read == 0)
        {
            throw new IOException("Redis closed the connection.");
        }

        _end += read;
    }
}
