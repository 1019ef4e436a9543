using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using RealNameApi.Server.Tests.Infrastructure;

namespace RealNameApi.Benchmarks.Load;

/// <summary>
/// What one call sends and how its answer is judged: the request's gRPC frame, the place in it
/// that is rewritten per call (the digits of a counter, so that every request is new), and the
/// check of the response message.
/// </summary>
internal sealed class CallShape(string path, byte[] frame, int counterOffset, int counterDigits, Func<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>, bool> accept)
{
    /// <summary>The method's path, <c>/package.Service/Method</c>.</summary>
    public string Path { get; } = path;

    /// <summary>The request as a gRPC Length-Prefixed-Message.</summary>
    public byte[] Frame { get; } = frame;

    /// <summary>Where the counter's ASCII digits start in <see cref="Frame"/>, or -1 for one fixed request.</summary>
    public int CounterOffset { get; } = counterOffset;

    /// <summary>How many digits the counter has.</summary>
    public int CounterDigits { get; } = counterDigits;

    /// <summary>Whether a response message (without its 5-byte prefix) answers the request message: (request, response).</summary>
    public Func<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>, bool> Accept { get; } = accept;
}

/// <summary>The figures of one measured run.</summary>
internal readonly record struct LoadResult(long Calls, long Failed, double Seconds, double P50Ms, double P99Ms, string? FirstFailure, string Traffic)
{
    public double Rps => Calls / Seconds;
}

/// <summary>
/// A unary gRPC load client over raw HTTP/2 (RFC 9113) on plain sockets, in the manner of
/// h2load: a few connections, a fixed number of streams in flight on each, each answered stream
/// replaced by a new one, everything a connection has to send written with one send per batch of
/// frames read. Unlike h2load it sends a different request body on every call, which the cache-miss
/// case needs, and it reads every answer to the end: the HTTP status, the content type, exactly one
/// uncompressed gRPC message that the call's check accepts, and <c>grpc-status: 0</c> in the
/// trailers (HPACK-decoded by the tests' decoder, which refuses what it cannot read). Anything
/// else (a Trailers-Only error, a reset stream, a short or extra message, a closed connection)
/// counts as a failed call.
/// </summary>
/// <remarks>
/// Why not grpc-dotnet's client: its per-call cost (HttpClient, a task per call, the message
/// parsed into objects) held it to about 12k calls/s on one core, below the server it measured.
/// Requests are encoded once: HPACK literals without indexing (no dynamic table on send), and the
/// gRPC frame with only the counter's digits rewritten per call.
/// </remarks>
internal sealed class Http2Load
{
    private const int FrameHeaderLength = 9;
    private const byte Data = 0x0, Headers = 0x1, RstStream = 0x3, Settings = 0x4, Ping = 0x6, GoAway = 0x7, WindowUpdate = 0x8, Continuation = 0x9;
    private const byte EndStream = 0x1, Ack = 0x1, EndHeaders = 0x4, Padded = 0x8, Priority = 0x20;
    private const int OurStreamWindow = 16 * 1024 * 1024;
    private const int OurConnectionWindow = 1 << 30;
    private const int MaxResponseBytes = 1 << 20;
    private static readonly string[] FrameNames = ["DATA", "HEADERS", "PRIORITY", "RST_STREAM", "SETTINGS", "PUSH_PROMISE", "PING", "GOAWAY", "WINDOW_UPDATE", "CONTINUATION"];

    private readonly CallShape _shape;
    private readonly IPEndPoint _target;
    private readonly string _authority;
    private readonly int _connections;
    private readonly int _streams;

    // 0 warming up, 1 measuring, 2 draining: written by the main thread, read by the connections.
    private int _phase;

    public Http2Load(CallShape shape, IPEndPoint target, int connections, int streams)
    {
        _shape = shape;
        _target = target;
        _authority = target.ToString();
        _connections = connections;
        _streams = streams;
    }

    public async Task<LoadResult> RunAsync(TimeSpan warmup, TimeSpan duration)
    {
        var connections = Enumerable.Range(0, _connections).Select(i => new Connection(this, i)).ToArray();
        var loops = connections.Select(c => Task.Run(c.RunAsync)).ToArray();
        await Task.Delay(warmup);
        var begin = Stopwatch.GetTimestamp();
        Volatile.Write(ref _phase, 1);
        await Task.Delay(duration);
        Volatile.Write(ref _phase, 2);
        var seconds = Stopwatch.GetElapsedTime(begin).TotalSeconds;

        // The calls in flight finish (and are checked), or count as failed after 10 s.
        var drained = Task.WhenAll(loops);
        if (await Task.WhenAny(drained, Task.Delay(TimeSpan.FromSeconds(10))) != drained)
        {
            foreach (var c in connections)
            {
                c.Abort("calls still unanswered 10 s after the run");
            }
        }
        await Task.WhenAll(loops.Select(l => l.ContinueWith(_ => { }, TaskScheduler.Default)));

        var latencies = connections.SelectMany(c => c.Latencies).ToArray();
        Array.Sort(latencies);
        double Percentile(double p) => latencies.Length == 0 ? 0
            : latencies[Math.Min(latencies.Length - 1, (int)(p * latencies.Length))] * 1000.0 / Stopwatch.Frequency;
        return new LoadResult(
            connections.Sum(c => c.Calls), connections.Sum(c => c.Failed), seconds, Percentile(0.50), Percentile(0.99),
            connections.Select(c => c.FirstFailure).FirstOrDefault(f => f is not null),
            $"frames read: {string.Join(", ", FrameNames.Select((name, type) => (name, count: connections.Sum(c => c.FramesRead[type]))).Where(f => f.count > 0).Select(f => $"{f.name} {f.count}"))}; sends {connections.Sum(c => c.Sends)}, reads {connections.Sum(c => c.Reads)}");
    }

    /// <summary>The HEADERS block of every request: HPACK without the dynamic table, no Huffman.</summary>
    private byte[] RequestHeaderBlock()
    {
        var block = new List<byte>
        {
            0x83, // :method POST (static 3)
            0x86, // :scheme http (static 6)
        };
        Literal(block, 4, _shape.Path);          // :path
        Literal(block, 1, _authority);           // :authority
        Literal(block, 31, "application/grpc");  // content-type
        Literal(block, 0, "trailers", "te");
        return [.. block];

        // A literal header field without indexing: a 4-bit name index (0 for a new name), then strings.
        static void Literal(List<byte> block, int nameIndex, string value, string? name = null)
        {
            Integer(block, 0x00, 4, nameIndex);
            if (name is not null)
            {
                String(block, name);
            }
            String(block, value);
        }

        static void String(List<byte> block, string value)
        {
            var bytes = Encoding.ASCII.GetBytes(value);
            Integer(block, 0x00, 7, bytes.Length);
            block.AddRange(bytes);
        }

        static void Integer(List<byte> block, byte first, int prefixBits, int value)
        {
            var max = (1 << prefixBits) - 1;
            if (value < max)
            {
                block.Add((byte)(first | value));
                return;
            }
            block.Add((byte)(first | max));
            value -= max;
            while (value >= 0x80)
            {
                block.Add((byte)((value & 0x7F) | 0x80));
                value >>= 7;
            }
            block.Add((byte)value);
        }
    }

    private sealed class Stream
    {
        public int Id;
        public long Started;
        public bool HeadersSeen;
        public bool StatusOk;
        public string? Failure;
        public readonly byte[] Request;
        public byte[] Body = new byte[8192];
        public int BodyLength;

        public Stream(int requestLength) => Request = new byte[requestLength];
    }

    private sealed class Connection : IDisposable
    {
        private readonly Http2Load _load;
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        private readonly HpackDecoder _hpack = new();
        private readonly byte[] _headerBlock;
        private readonly Dictionary<int, Stream> _open = [];
        private readonly Stack<Stream> _idle = new();
        private readonly List<byte> _pendingBlock = [];
        private byte[] _receive = new byte[256 * 1024];
        private int _received;
        private byte[] _send = new byte[64 * 1024];
        private int _sendLength;
        private int _nextStreamId = 1;
        private long _counter;
        private long _sendWindow = 65535;          // the connection's, for our DATA
        private int _peerInitialWindow = 65535;    // each new stream's, for our DATA
        private int _peerMaxStreams = int.MaxValue;
        private long _unacknowledged;              // DATA bytes read since our last WINDOW_UPDATE
        private int _continuationStream;           // a header block in CONTINUATION frames, or 0
        private bool _continuationEndsStream;
        private bool _settingsSeen;
        private volatile string? _aborted;

        public Connection(Http2Load load, int index)
        {
            _load = load;
            _counter = index;
            _headerBlock = load.RequestHeaderBlock();
            for (var i = 0; i < load._streams; i++)
            {
                _idle.Push(new Stream(load._shape.Frame.Length));
            }
        }

        public long Calls { get; private set; }

        public long Failed { get; private set; }

        public string? FirstFailure { get; private set; }

        public List<long> Latencies { get; } = new(1 << 20);

        public long[] FramesRead { get; } = new long[FrameNames.Length];

        public long Sends { get; private set; }

        public long Reads { get; private set; }

        public void Abort(string reason)
        {
            _aborted = reason;
            _socket.Dispose();
        }

        public void Dispose() => _socket.Dispose();

        public async Task RunAsync()
        {
            try
            {
                await _socket.ConnectAsync(_load._target);
                WriteRaw("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8);
                // SETTINGS: no server push, a large stream window; then the connection's window.
                Span<byte> settings = stackalloc byte[12];
                BinaryPrimitives.WriteUInt16BigEndian(settings, 0x2);
                BinaryPrimitives.WriteUInt32BigEndian(settings[2..], 0);
                BinaryPrimitives.WriteUInt16BigEndian(settings[6..], 0x4);
                BinaryPrimitives.WriteUInt32BigEndian(settings[8..], OurStreamWindow);
                WriteFrame(Settings, 0, 0, settings);
                WriteWindowUpdate(0, OurConnectionWindow - 65535);
                await FlushAsync();

                while (true)
                {
                    if (_settingsSeen)
                    {
                        StartCalls();
                    }
                    await FlushAsync();
                    if (Volatile.Read(ref _load._phase) == 2 && _open.Count == 0)
                    {
                        return;
                    }
                    if (_received == _receive.Length)
                    {
                        Array.Resize(ref _receive, _receive.Length * 2);
                    }
                    var read = await _socket.ReceiveAsync(_receive.AsMemory(_received), SocketFlags.None);
                    if (read == 0)
                    {
                        FailAll("the server closed the connection");
                        return;
                    }
                    _received += read;
                    Reads++;
                    ReadFrames();
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidDataException or NotSupportedException or IOException)
            {
                FailAll(_aborted ?? $"{e.GetType().Name}: {e.Message}");
            }
            finally
            {
                _socket.Dispose();
            }
        }

        private void StartCalls()
        {
            var frame = _load._shape.Frame;
            var phase = Volatile.Read(ref _load._phase);
            while (phase < 2 && _idle.Count > 0 && _open.Count < _peerMaxStreams
                && _sendWindow >= frame.Length && _peerInitialWindow >= frame.Length && _nextStreamId < int.MaxValue - 2)
            {
                var stream = _idle.Pop();
                stream.Id = _nextStreamId;
                _nextStreamId += 2;
                stream.HeadersSeen = false;
                stream.StatusOk = false;
                stream.Failure = null;
                stream.BodyLength = 0;
                frame.CopyTo(stream.Request, 0);
                if (_load._shape.CounterOffset >= 0)
                {
                    // This connection's calls count index, index + connections, ...: no two alike.
                    var value = _counter;
                    _counter += _load._connections;
                    for (var i = _load._shape.CounterOffset + _load._shape.CounterDigits - 1; i >= _load._shape.CounterOffset; i--)
                    {
                        stream.Request[i] = (byte)('0' + (value % 10));
                        value /= 10;
                    }
                }
                _open.Add(stream.Id, stream);
                stream.Started = Stopwatch.GetTimestamp();
                WriteFrame(Headers, EndHeaders, stream.Id, _headerBlock);
                WriteFrame(Data, EndStream, stream.Id, stream.Request);
                _sendWindow -= stream.Request.Length;
            }
        }

        private void ReadFrames()
        {
            var offset = 0;
            while (_received - offset >= FrameHeaderLength)
            {
                var header = _receive.AsSpan(offset, FrameHeaderLength);
                var length = (header[0] << 16) | (header[1] << 8) | header[2];
                if (_received - offset - FrameHeaderLength < length)
                {
                    break;
                }
                var type = header[3];
                var flags = header[4];
                var streamId = (int)(BinaryPrimitives.ReadUInt32BigEndian(header[5..]) & 0x7FFFFFFF);
                OnFrame(type, flags, streamId, _receive.AsSpan(offset + FrameHeaderLength, length));
                offset += FrameHeaderLength + length;
            }
            _receive.AsSpan(offset, _received - offset).CopyTo(_receive);
            _received -= offset;
        }

        private void OnFrame(byte type, byte flags, int streamId, ReadOnlySpan<byte> payload)
        {
            if (type < FramesRead.Length)
            {
                FramesRead[type]++;
            }
            if (_continuationStream != 0 && type != Continuation)
            {
                throw new InvalidDataException("a header block was interrupted by another frame");
            }
            switch (type)
            {
                case Data:
                    _unacknowledged += payload.Length;
                    if (_unacknowledged >= OurConnectionWindow / 2)
                    {
                        WriteWindowUpdate(0, (int)_unacknowledged);
                        _unacknowledged = 0;
                    }
                    if (_open.TryGetValue(streamId, out var stream))
                    {
                        OnData(stream, Unpad(flags, payload));
                        if ((flags & EndStream) != 0)
                        {
                            Complete(stream, "the answer ended without trailers");
                        }
                    }
                    break;
                case Headers:
                    payload = Unpad(flags, payload);
                    if ((flags & Priority) != 0)
                    {
                        payload = payload[5..];
                    }
                    if ((flags & EndHeaders) == 0)
                    {
                        _pendingBlock.Clear();
                        _pendingBlock.AddRange(payload);
                        _continuationStream = streamId;
                        _continuationEndsStream = (flags & EndStream) != 0;
                    }
                    else
                    {
                        OnHeaderBlock(streamId, (flags & EndStream) != 0, payload);
                    }
                    break;
                case Continuation:
                    if (streamId != _continuationStream)
                    {
                        throw new InvalidDataException("a CONTINUATION frame of no header block");
                    }
                    _pendingBlock.AddRange(payload);
                    if ((flags & EndHeaders) != 0)
                    {
                        _continuationStream = 0;
                        OnHeaderBlock(streamId, _continuationEndsStream, [.. _pendingBlock]);
                    }
                    break;
                case RstStream:
                    if (_open.TryGetValue(streamId, out var reset))
                    {
                        Complete(reset, $"the server reset the stream (error {BinaryPrimitives.ReadUInt32BigEndian(payload)})");
                    }
                    break;
                case Settings:
                    if ((flags & Ack) == 0)
                    {
                        for (var i = 0; i + 6 <= payload.Length; i += 6)
                        {
                            var value = BinaryPrimitives.ReadUInt32BigEndian(payload[(i + 2)..]);
                            switch (BinaryPrimitives.ReadUInt16BigEndian(payload[i..]))
                            {
                                case 0x3: _peerMaxStreams = (int)Math.Min(value, int.MaxValue); break;
                                case 0x4: _peerInitialWindow = (int)value; break;
                            }
                        }
                        WriteFrame(Settings, Ack, 0, []);
                        _settingsSeen = true;
                    }
                    break;
                case Ping:
                    if ((flags & Ack) == 0)
                    {
                        WriteFrame(Ping, Ack, 0, payload);
                    }
                    break;
                case WindowUpdate:
                    if (streamId == 0)
                    {
                        _sendWindow += BinaryPrimitives.ReadUInt32BigEndian(payload) & 0x7FFFFFFF;
                    }
                    break;
                case GoAway:
                    throw new InvalidDataException($"the server sent GOAWAY (error {BinaryPrimitives.ReadUInt32BigEndian(payload[4..])})");
            }
        }

        private void OnHeaderBlock(int streamId, bool endStream, ReadOnlySpan<byte> block)
        {
            // Decoded even for a stream no longer open: the decoder's table must follow every block.
            var headers = _hpack.Decode(block);
            if (!_open.TryGetValue(streamId, out var stream))
            {
                return;
            }
            if (!stream.HeadersSeen)
            {
                stream.HeadersSeen = true;
                stream.StatusOk = Value(headers, ":status") == "200"
                    && Value(headers, "content-type") is { } type && type.StartsWith("application/grpc", StringComparison.Ordinal);
                if (!stream.StatusOk)
                {
                    stream.Failure = $"HTTP status {Value(headers, ":status")}, content-type {Value(headers, "content-type")}";
                }
                if (endStream)
                {
                    // Trailers-Only: a gRPC error without a message.
                    Complete(stream, $"grpc-status {Value(headers, "grpc-status")} (Trailers-Only)");
                }
                return;
            }
            if (!endStream)
            {
                stream.Failure ??= "a third header block";
                return;
            }
            var status = Value(headers, "grpc-status");
            Complete(stream, status == "0" ? null : $"grpc-status {status}");
        }

        private static string? Value(List<(string Name, string Value)> headers, string name)
        {
            foreach (var (n, v) in headers)
            {
                if (n == name)
                {
                    return v;
                }
            }
            return null;
        }

        private static void OnData(Stream stream, ReadOnlySpan<byte> data)
        {
            if (!stream.HeadersSeen)
            {
                stream.Failure ??= "DATA before the response headers";
                return;
            }
            if (stream.BodyLength + data.Length > MaxResponseBytes)
            {
                stream.Failure ??= "an answer over 1 MiB";
                return;
            }
            if (stream.BodyLength + data.Length > stream.Body.Length)
            {
                Array.Resize(ref stream.Body, Math.Max(stream.Body.Length * 2, stream.BodyLength + data.Length));
            }
            data.CopyTo(stream.Body.AsSpan(stream.BodyLength));
            stream.BodyLength += data.Length;
        }

        // The end of a call: failure is why it failed, or null when its trailers said OK.
        private void Complete(Stream stream, string? failure)
        {
            failure = stream.Failure ?? failure ?? CheckMessage(stream);
            var ended = Stopwatch.GetTimestamp();
            _open.Remove(stream.Id);
            _idle.Push(stream);
            if (Volatile.Read(ref _load._phase) != 1)
            {
                // A warm-up call, or one that ends while draining: not counted, but not ignored.
                if (failure is not null)
                {
                    Fail(failure);
                }
                return;
            }
            Calls++;
            Latencies.Add(ended - stream.Started);
            if (failure is not null)
            {
                Fail(failure);
            }
        }

        // Exactly one uncompressed message, which the shape's check accepts.
        private string? CheckMessage(Stream stream)
        {
            var body = stream.Body.AsMemory(0, stream.BodyLength);
            if (body.Length < 5)
            {
                return "no gRPC message in the answer";
            }
            var span = body.Span;
            var length = BinaryPrimitives.ReadUInt32BigEndian(span[1..]);
            if (span[0] != 0 || length != body.Length - 5)
            {
                return $"not one uncompressed message (flag {span[0]}, prefix {length}, {body.Length - 5} bytes)";
            }
            return _load._shape.Accept(stream.Request.AsMemory(5), body[5..]) ? null : "the answer is not the expected one";
        }

        private void Fail(string reason)
        {
            Failed++;
            FirstFailure ??= reason;
        }

        // The connection is gone (or given up on): every call in flight failed, and so did the run.
        private void FailAll(string reason)
        {
            foreach (var stream in _open.Values.ToList())
            {
                Complete(stream, reason);
            }
            Fail(reason);
        }

        private static ReadOnlySpan<byte> Unpad(byte flags, ReadOnlySpan<byte> payload)
        {
            if ((flags & Padded) == 0)
            {
                return payload;
            }
            var pad = payload[0];
            return payload[1..^pad];
        }

        private void WriteWindowUpdate(int streamId, int increment)
        {
            Span<byte> payload = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)increment);
            WriteFrame(WindowUpdate, 0, streamId, payload);
        }

        private void WriteFrame(byte type, byte flags, int streamId, ReadOnlySpan<byte> payload)
        {
            Span<byte> header = stackalloc byte[FrameHeaderLength];
            header[0] = (byte)(payload.Length >> 16);
            header[1] = (byte)(payload.Length >> 8);
            header[2] = (byte)payload.Length;
            header[3] = type;
            header[4] = flags;
            BinaryPrimitives.WriteUInt32BigEndian(header[5..], (uint)streamId);
            WriteRaw(header);
            WriteRaw(payload);
        }

        private void WriteRaw(ReadOnlySpan<byte> bytes)
        {
            if (_sendLength + bytes.Length > _send.Length)
            {
                Array.Resize(ref _send, Math.Max(_send.Length * 2, _sendLength + bytes.Length));
            }
            bytes.CopyTo(_send.AsSpan(_sendLength));
            _sendLength += bytes.Length;
        }

        private async ValueTask FlushAsync()
        {
            var sent = 0;
            if (_sendLength > 0)
            {
                Sends++;
            }
            while (sent < _sendLength)
            {
                sent += await _socket.SendAsync(_send.AsMemory(sent, _sendLength - sent), SocketFlags.None);
            }
            _sendLength = 0;
        }
    }
}
