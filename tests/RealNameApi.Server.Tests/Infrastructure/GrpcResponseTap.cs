using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace RealNameApi.Server.Tests.Infrastructure;

/// <summary>What one HTTP/2 response stream carried, as the client received it.</summary>
/// <param name="StreamId">The HTTP/2 stream.</param>
/// <param name="Headers">The response headers (for a Trailers-Only response, also its status).</param>
/// <param name="Trailers">The trailers, or null when the stream had none.</param>
/// <param name="BodyHash">The SHA-256 of the DATA payload, a key of <see cref="GrpcResponseTap.Bodies"/>.</param>
/// <param name="Reset">Whether the stream ended with RST_STREAM.</param>
public sealed record TappedResponse(int StreamId, IReadOnlyList<(string Name, string Value)> Headers, IReadOnlyList<(string Name, string Value)>? Trailers, string BodyHash, bool Reset)
{
    public string? Header(string name) => Headers.LastOrDefault(h => h.Name == name).Value;

    public string? Trailer(string name) => Trailers?.LastOrDefault(h => h.Name == name).Value;

    /// <summary>The gRPC status: from the trailers, or from the headers of a Trailers-Only response.</summary>
    public string? GrpcStatus => Trailers is null ? Header("grpc-status") : Trailer("grpc-status");
}

/// <summary>
/// A byte-for-byte TCP relay in front of a cleartext HTTP/2 server that also reads the server's
/// side of every connection: it parses the frames, decodes the header blocks with HPACK and
/// records, per response stream, the headers, the trailers and the body. Load generators such as
/// h2load count HTTP statuses only; this shows the gRPC status each call actually ended with.
/// </summary>
public sealed class GrpcResponseTap : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<Task> _connections = [];
    private readonly List<TappedResponse> _streams = [];
    private readonly Dictionary<string, (byte[] Body, int Count)> _bodies = [];
    private readonly List<string> _errors = [];
    private readonly Task _accepting;

    public GrpcResponseTap(Uri target)
    {
        _target = target;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}");

    /// <summary>Every completed response stream.</summary>
    public IReadOnlyList<TappedResponse> Streams
    {
        get
        {
            lock (_gate)
            {
                return [.. _streams];
            }
        }
    }

    /// <summary>Each distinct response body by its hash, with how many streams carried it.</summary>
    public IReadOnlyDictionary<string, (byte[] Body, int Count)> Bodies
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, (byte[] Body, int Count)>(_bodies);
            }
        }
    }

    /// <summary>Problems the relay or the frame reader met (streams left open, unreadable frames).</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_gate)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Waits until every relayed connection has closed.</summary>
    public async Task WaitForConnectionsAsync(TimeSpan timeout)
    {
        Task[] connections;
        lock (_gate)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections).WaitAsync(timeout);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting.WaitAsync(TimeSpan.FromSeconds(5));
            await WaitForConnectionsAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or TimeoutException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_gate)
                {
                    _connections.Add(RelayAsync(client));
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var _ = client;
        using var server = new TcpClient();
        try
        {
            await server.ConnectAsync(_target.Host, _target.Port, _stop.Token);
            client.NoDelay = true;
            server.NoDelay = true;
            var fromClient = client.GetStream();
            var toServer = server.GetStream();
            var reader = new ResponseReader(this);
            var upstream = PumpAsync(fromClient, toServer, server.Client, null);
            var downstream = PumpAsync(toServer, fromClient, client.Client, reader);
            await Task.WhenAll(upstream, downstream);
            reader.Finish();
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, Socket toSocket, ResponseReader? reader)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                reader?.Feed(buffer.AsSpan(0, read));
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            try
            {
                toSocket.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }
        }
    }

    private void Complete(TappedResponse stream, byte[] body)
    {
        lock (_gate)
        {
            _streams.Add(stream);
            _bodies[stream.BodyHash] = _bodies.TryGetValue(stream.BodyHash, out var seen) ? (seen.Body, seen.Count + 1) : (body, 1);
        }
    }

    private void Error(string error)
    {
        lock (_gate)
        {
            _errors.Add(error);
        }
    }

    /// <summary>Reads the server-to-client frames of one connection.</summary>
    private sealed class ResponseReader(GrpcResponseTap tap)
    {
        private const byte Data = 0x0, HeadersFrame = 0x1, RstStream = 0x3, Continuation = 0x9;
        private const byte EndStream = 0x1, EndHeaders = 0x4, Padded = 0x8, Priority = 0x20;

        private readonly HpackDecoder _hpack = new();
        private readonly Dictionary<int, StreamState> _open = [];
        private readonly ArrayBufferWriter<byte> _block = new();
        private byte[] _pending = new byte[256 * 1024];
        private int _count;
        private int _blockStream;
        private bool _blockEndsStream;
        private bool _failed;

        public void Feed(ReadOnlySpan<byte> bytes)
        {
            if (_failed)
            {
                return;
            }

            if (_count + bytes.Length > _pending.Length)
            {
                Array.Resize(ref _pending, Math.Max(_pending.Length * 2, _count + bytes.Length));
            }

            bytes.CopyTo(_pending.AsSpan(_count));
            _count += bytes.Length;
            var offset = 0;
            try
            {
                while (_count - offset >= 9)
                {
                    var header = _pending.AsSpan(offset, 9);
                    var length = (header[0] << 16) | (header[1] << 8) | header[2];
                    if (_count - offset < 9 + length)
                    {
                        break;
                    }

                    var streamId = (int)(BinaryPrimitives.ReadUInt32BigEndian(header[5..]) & 0x7FFF_FFFF);
                    OnFrame(header[3], header[4], streamId, _pending.AsSpan(offset + 9, length));
                    offset += 9 + length;
                }
            }
            catch (Exception e) when (e is InvalidDataException or NotSupportedException or IndexOutOfRangeException or ArgumentOutOfRangeException)
            {
                _failed = true;
                tap.Error($"Unreadable server frames: {e.Message}");
            }

            _pending.AsSpan(offset, _count - offset).CopyTo(_pending);
            _count -= offset;
        }

        public void Finish()
        {
            foreach (var (id, state) in _open)
            {
                tap.Error($"Stream {id} was still open when the connection closed (headers: {state.Headers is not null}).");
            }

            _open.Clear();
        }

        private void OnFrame(byte type, byte flags, int streamId, ReadOnlySpan<byte> payload)
        {
            switch (type)
            {
                case Data:
                    StateOf(streamId).Body.Write(Unpad(flags, payload));
                    if ((flags & EndStream) != 0)
                    {
                        Close(streamId, reset: false);
                    }

                    break;
                case HeadersFrame:
                    var fragment = Unpad(flags, payload);
                    if ((flags & Priority) != 0)
                    {
                        fragment = fragment[5..];
                    }

                    _block.ResetWrittenCount();
                    _block.Write(fragment);
                    _blockStream = streamId;
                    _blockEndsStream = (flags & EndStream) != 0;
                    if ((flags & EndHeaders) != 0)
                    {
                        OnHeaderBlock();
                    }

                    break;
                case Continuation:
                    _block.Write(payload);
                    if ((flags & EndHeaders) != 0)
                    {
                        OnHeaderBlock();
                    }

                    break;
                case RstStream:
                    if (_open.ContainsKey(streamId))
                    {
                        Close(streamId, reset: true);
                    }

                    break;
            }
        }

        private void OnHeaderBlock()
        {
            // Decoded even for a stream this reader will not report, to keep the HPACK table in step.
            var headers = _hpack.Decode(_block.WrittenSpan);
            var state = StateOf(_blockStream);
            if (state.Headers is null)
            {
                state.Headers = headers;
            }
            else
            {
                state.Trailers = headers;
            }

            if (_blockEndsStream)
            {
                Close(_blockStream, reset: false);
            }
        }

        private StreamState StateOf(int streamId)
        {
            if (!_open.TryGetValue(streamId, out var state))
            {
                _open[streamId] = state = new StreamState();
            }

            return state;
        }

        private void Close(int streamId, bool reset)
        {
            var state = StateOf(streamId);
            _open.Remove(streamId);
            var body = state.Body.WrittenSpan.ToArray();
            tap.Complete(new TappedResponse(streamId, state.Headers ?? [], state.Trailers, Convert.ToHexString(SHA256.HashData(body)), reset), body);
        }

        private static ReadOnlySpan<byte> Unpad(byte flags, ReadOnlySpan<byte> payload) =>
            (flags & Padded) == 0 ? payload : payload[1..(payload.Length - payload[0])];

        private sealed class StreamState
        {
            public List<(string Name, string Value)>? Headers { get; set; }

            public List<(string Name, string Value)>? Trailers { get; set; }

            public ArrayBufferWriter<byte> Body { get; } = new();
        }
    }
}
