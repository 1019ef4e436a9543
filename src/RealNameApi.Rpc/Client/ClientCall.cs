using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;
using Microsoft.Extensions.Primitives;
using RealNameApi.Rpc.Protocol;
using RealNameApi.Rpc.Web;

namespace RealNameApi.Rpc.Client;

/// <summary>
/// One call from the client's side: sends the request over HttpClient, reads response headers,
/// messages and the status, and turns every failure into <see cref="RpcException"/>.
/// </summary>
internal sealed class ClientCall<TRequest, TResponse> : IClientCall
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>, new()
{
    private const string UserAgent = "grpc-dotnet-realnameapi/1.0";

    private readonly RpcChannel _channel;
    private readonly Method<TRequest, TResponse> _method;
    private readonly CallOptions _options;
    private readonly CancellationTokenSource _cts;
    private readonly CancellationToken _token;
    private readonly bool _compressRequests;
    private RequestStreamContent? _requestStream;
    private Task<HttpResponseMessage>? _sendTask;
    private Task<Metadata>? _headersTask;
    private HttpResponseMessage? _response;
    private PipeReader? _body;
    private bool _responseCompressed;
    private Status? _status;
    private Google.Rpc.Status? _details;
    private Metadata? _trailers;
    private int _writing;
    private volatile bool _cleanedUp;

    public ClientCall(RpcChannel channel, Method<TRequest, TResponse> method, CallOptions options)
    {
        _channel = channel;
        _method = method;
        _options = options;
        _compressRequests = channel.WebMode == GrpcWebMode.None
            && string.Equals(channel.Options.RequestCompression, MessageCompression.Gzip, StringComparison.OrdinalIgnoreCase);
        _cts = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken, channel.DisposedToken);
        _token = _cts.Token;
    }

    /// <summary>Starts a unary or server-streaming call: the one request goes with the headers.</summary>
    public void Start(TRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var framed = new PooledBuffer(256);
        MessageWriter.Write(framed, request, _compressRequests, _channel.Options.MaxSendMessageSize, System.IO.Compression.CompressionLevel.Fastest, "request");
        var body = _channel.WebMode == GrpcWebMode.Text
            ? Encoding.ASCII.GetBytes(Convert.ToBase64String(framed.WrittenSpan))
            : framed.WrittenSpan.ToArray();
        Send(new ByteArrayContent(body));
    }

    /// <summary>Starts a client-streaming or duplex call: requests are written as the caller goes.</summary>
    public IClientStreamWriter<TRequest> StartStreaming()
    {
        if (_channel.WebMode != GrpcWebMode.None)
        {
            throw new NotSupportedException("gRPC-Web carries unary and server-streaming calls only.");
        }
        _requestStream = new RequestStreamContent();
        Send(_requestStream);
        return new RequestStreamWriter(this);
    }

    public Task<Metadata> ResponseHeadersAsync() => _headersTask!;

    public Status GetStatus() => _status ?? throw new InvalidOperationException("The call is not complete; its status is not known yet.");

    public Metadata GetTrailers() => _status is null
        ? throw new InvalidOperationException("The call is not complete; its trailers are not known yet.")
        : _trailers ?? [];

    /// <summary>Reads the one response of a unary or client-streaming call, then the status.</summary>
    public async Task<TResponse> ReadSingleResponseAsync()
    {
        var message = await ReadMessageAsync(default).ConfigureAwait(false);
        if (message is null)
        {
            throw Fail(new Status(StatusCode.Internal, "The server ended the call with OK but sent no response message."), overwrite: true);
        }
        if (await ReadMessageAsync(default).ConfigureAwait(false) is not null)
        {
            throw Fail(new Status(StatusCode.Internal, "The server sent more than one response message to a single-response call."), overwrite: true);
        }
        return message;
    }

    /// <summary>The next response message, or null once the call ended with OK; otherwise throws the status.</summary>
    public async Task<TResponse?> ReadMessageAsync(CancellationToken cancellationToken)
    {
        await _headersTask!.ConfigureAwait(false);
        if (_status is not null)
        {
            return Finish();
        }
        using var link = cancellationToken.CanBeCanceled ? cancellationToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _cts) : default;
        var body = _body!;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await body.ReadAsync(_token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not RpcException)
            {
                throw Fail(StatusOf(ex));
            }
            catch (RpcException ex)
            {
                throw Fail(ex.Status);
            }
            var buffer = result.Buffer;
            var consumed = buffer.Start;
            // Examined stays at the end only when no whole message is buffered (see RequestReader).
            var examined = buffer.End;
            try
            {
                if (MessageFraming.TryRead(buffer, _channel.Options.MaxReceiveMessageSize, out var flags, out var payload))
                {
                    consumed = examined = payload.End;
                    if ((flags & GrpcProtocol.WebTrailersFlag) != 0 && _channel.WebMode != GrpcWebMode.None)
                    {
                        SetStatus(WebTrailers.Parse(payload.ToArray()).Select(h => new KeyValuePair<string, StringValues>(h.Key, h.Value)));
                        return Finish();
                    }
                    return Parse(flags, payload);
                }
                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        throw Fail(new Status(StatusCode.Internal, "The response ended inside a message."));
                    }
                    if (_channel.WebMode != GrpcWebMode.None)
                    {
                        throw Fail(new Status(StatusCode.Internal, "The gRPC-Web response ended without a trailers frame."));
                    }
                    SetStatus(_response!.TrailingHeaders.Select(h => new KeyValuePair<string, StringValues>(h.Key, h.Value.ToArray())));
                    return Finish();
                }
            }
            catch (RpcException ex) when (_status is null)
            {
                throw Fail(ex.Status, details: ex.Details);
            }
            finally
            {
                // Finishing (or failing) the call inside this block completes the reader already.
                if (!_cleanedUp)
                {
                    body.AdvanceTo(consumed, examined);
                }
            }
        }
    }

    /// <summary>Writes one request message of a streaming call.</summary>
    public async Task WriteAsync(TRequest message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_status is { } status)
        {
            throw new RpcException(status, _details, _trailers);
        }
        if (_requestStream!.IsCompleted)
        {
            throw new InvalidOperationException("The request stream is already complete.");
        }
        if (Interlocked.Exchange(ref _writing, 1) == 1)
        {
            throw new InvalidOperationException("A write is already in progress; await each WriteAsync before the next.");
        }
        using var link = cancellationToken.CanBeCanceled ? cancellationToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _cts) : default;
        try
        {
            var stream = await _requestStream.GetStreamAsync(_token).ConfigureAwait(false);
            using var framed = new PooledBuffer(256);
            MessageWriter.Write(framed, message, _compressRequests, _channel.Options.MaxSendMessageSize, System.IO.Compression.CompressionLevel.Fastest, "request");
            await stream.WriteAsync(framed.WrittenMemory, _token).ConfigureAwait(false);
            await stream.FlushAsync(_token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex)
        {
            throw Fail(StatusOf(ex));
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or ObjectDisposedException)
        {
            // The server may have ended the call already; its status, when known, says why.
            throw _status is { } final ? new RpcException(final, _details, _trailers) : new RpcException(StatusOf(ex), null, null);
        }
        finally
        {
            Volatile.Write(ref _writing, 0);
        }
    }

    public Task CompleteRequestAsync()
    {
        _requestStream!.Complete();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        if (_status is null)
        {
            Fail(new Status(StatusCode.Cancelled, "The call was disposed before it completed."));
        }
        Cleanup();
    }

    private void Send(HttpContent content)
    {
        var contentType = _channel.WebMode switch
        {
            GrpcWebMode.Binary => GrpcProtocol.WebContentTypeProto,
            GrpcWebMode.Text => GrpcProtocol.WebTextContentTypeProto,
            _ => GrpcProtocol.ContentType,
        };
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, _channel.UriFor(_method.FullName))
        {
            Version = _channel.HttpVersion,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        var headers = request.Headers;
        if (_channel.WebMode == GrpcWebMode.None)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.TeHeader, "trailers");
        }
        else
        {
            headers.TryAddWithoutValidation("x-grpc-web", "1");
            headers.TryAddWithoutValidation("accept", contentType);
        }
        headers.TryAddWithoutValidation(GrpcProtocol.UserAgentHeader, UserAgent);
        headers.TryAddWithoutValidation(GrpcProtocol.AcceptEncodingHeader, MessageCompression.AcceptEncoding);
        if (_compressRequests)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.EncodingHeader, MessageCompression.Gzip);
        }
        MetadataHeaders.ForEachToSend(_options.Headers, headers, static (h, name, value) => h.TryAddWithoutValidation(name, value));

        if (_options.Deadline is { } deadline)
        {
            var remaining = deadline.ToUniversalTime() - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                // Past the deadline already: fail without sending anything.
                _sendTask = Task.FromCanceled<HttpResponseMessage>(new CancellationToken(canceled: true));
                request.Dispose();
                _headersTask = ReadHeadersAsync();
                return;
            }
            headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcTimeout.Format(remaining));
            if (remaining < TimeSpan.FromDays(45))
            {
                _cts.CancelAfter(remaining);
            }
        }
        _sendTask = _channel.Invoker.SendAsync(request, _token);
        _headersTask = ReadHeadersAsync();
    }

    private async Task<Metadata> ReadHeadersAsync()
    {
        HttpResponseMessage response;
        try
        {
            response = await _sendTask!.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            throw Fail(StatusOf(ex));
        }
        _response = response;
        var metadata = new Metadata();
        foreach (var header in response.Headers)
        {
            MetadataHeaders.AddReceived(metadata, header.Key, header.Value.ToArray());
        }
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw Fail(StatusOfHttp(response.StatusCode));
        }
        if (response.Headers.Contains(GrpcProtocol.StatusHeader))
        {
            // Trailers-Only: the status is in the headers and there is no body to read.
            SetStatus(response.Headers.Select(h => new KeyValuePair<string, StringValues>(h.Key, h.Value.ToArray())));
            return metadata;
        }
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is null || !mediaType.StartsWith(GrpcProtocol.ContentType, StringComparison.OrdinalIgnoreCase))
        {
            throw Fail(new Status(StatusCode.Internal, $"Bad gRPC response: content-type '{mediaType}'."));
        }
        if (response.Headers.TryGetValues(GrpcProtocol.EncodingHeader, out var encodings))
        {
            _responseCompressed = string.Equals(encodings.FirstOrDefault(), MessageCompression.Gzip, StringComparison.OrdinalIgnoreCase);
        }
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(_token).ConfigureAwait(false);
            _body = PipeReader.Create(_channel.WebMode == GrpcWebMode.Text ? new Base64DecodingStream(stream) : stream);
        }
        catch (Exception ex)
        {
            throw Fail(StatusOf(ex));
        }
        return metadata;
    }

    private TResponse Parse(byte flags, in ReadOnlySequence<byte> payload)
    {
        if (flags == 0)
        {
            return Deserialize(payload);
        }
        if (flags == 1 && _responseCompressed)
        {
            using var decompressed = MessageCompression.Decompress(payload, _channel.Options.MaxReceiveMessageSize);
            return Deserialize(new ReadOnlySequence<byte>(decompressed.WrittenMemory));
        }
        throw Fail(new Status(StatusCode.Internal, flags == 1
            ? "A response message is compressed but the response's grpc-encoding is not gzip."
            : $"A response message has an invalid flags byte 0x{flags:X2}."));
    }

    private TResponse Deserialize(in ReadOnlySequence<byte> bytes)
    {
        try
        {
            return _method.ResponseParser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException)
        {
            throw Fail(new Status(StatusCode.Internal, "Failed to deserialize the response message."));
        }
    }

    /// <summary>Records the status from trailers (or Trailers-Only headers).</summary>
    private void SetStatus(IEnumerable<KeyValuePair<string, StringValues>> headers)
    {
        string? code = null;
        string? message = null;
        string? details = null;
        var trailers = new Metadata();
        foreach (var (name, values) in headers)
        {
            if (name.Equals(GrpcProtocol.StatusHeader, StringComparison.OrdinalIgnoreCase))
            {
                code = values.ToString();
            }
            else if (name.Equals(GrpcProtocol.MessageHeader, StringComparison.OrdinalIgnoreCase))
            {
                message = values.ToString();
            }
            else if (name.Equals(GrpcProtocol.StatusDetailsHeader, StringComparison.OrdinalIgnoreCase))
            {
                details = values.ToString();
            }
            else
            {
                MetadataHeaders.AddReceived(trailers, name, values);
            }
        }
        _trailers = trailers;
        if (code is null)
        {
            _status = new Status(StatusCode.Unknown, "The response has no grpc-status.");
            return;
        }
        if (!int.TryParse(code, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            _status = new Status(StatusCode.Unknown, "The response has an invalid grpc-status.");
            return;
        }
        _status = new Status((StatusCode)number, message is null ? "" : PercentEncoding.Decode(message));
        if (details is not null && Base64Values.TryDecode(details, out var bytes))
        {
            try
            {
                _details = Google.Rpc.Status.Parser.ParseFrom(bytes);
            }
            catch (InvalidProtocolBufferException)
            {
                _details = null; // Unreadable details do not hide the status itself.
            }
        }
    }

    /// <summary>After the status is known: null for OK (end of the response stream), else the failure.</summary>
    private TResponse? Finish()
    {
        var status = _status!.Value;
        Cleanup();
        if (status.Code == StatusCode.OK)
        {
            return default;
        }
        throw new RpcException(status, _details, _trailers);
    }

    /// <summary>Records a failure as the call's status (unless one is known), cancels the call and returns the exception to throw.</summary>
    private RpcException Fail(Status status, bool overwrite = false, Google.Rpc.Status? details = null)
    {
        if (_status is null || overwrite)
        {
            _status = status;
            _details = details;
        }
        Cleanup();
        return new RpcException(_status.Value, _details, _trailers);
    }

    private void Cleanup()
    {
        if (_cleanedUp)
        {
            return;
        }
        _cleanedUp = true;
        // Disposing an unfinished response stream resets it (RST_STREAM CANCEL); completing the
        // reader disposes the stream. Cancelling stops whatever else is pending (sending, reading).
        _body?.Complete();
        _response?.Dispose();
        _requestStream?.Abort();
        _cts.Cancel();
        _cts.Dispose();
    }

    private Status StatusOf(Exception exception)
    {
        if (exception is RpcException rpc)
        {
            return rpc.Status;
        }
        if (exception is OperationCanceledException)
        {
            if (_options.CancellationToken.IsCancellationRequested)
            {
                return new Status(StatusCode.Cancelled, "The call was cancelled by the caller.");
            }
            if (_channel.DisposedToken.IsCancellationRequested)
            {
                return new Status(StatusCode.Cancelled, "The channel was disposed while the call was running.");
            }
            // Nothing else cancels a running call but its deadline timer (disposal records its own
            // status first). The timer may fire a tick before the clock reads the deadline.
            return _options.Deadline is not null
                ? new Status(StatusCode.DeadlineExceeded, "Deadline exceeded.")
                : new Status(StatusCode.Cancelled, "The call was cancelled.");
        }
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpProtocolException protocol)
            {
                return protocol.ErrorCode switch
                {
                    // PROTOCOL-HTTP2: a CANCEL near the deadline is the server enforcing it.
                    Http2ErrorCodes.Cancel when PastDeadline() => new Status(StatusCode.DeadlineExceeded, "Deadline exceeded."),
                    Http2ErrorCodes.Cancel => new Status(StatusCode.Cancelled, "The server cancelled the call (RST_STREAM CANCEL)."),
                    0x7 => new Status(StatusCode.Unavailable, "The server refused the stream (RST_STREAM REFUSED_STREAM)."),
                    0xB => new Status(StatusCode.ResourceExhausted, "The server asked to slow down (ENHANCE_YOUR_CALM)."),
                    0xC => new Status(StatusCode.PermissionDenied, "The connection is not secure enough (INADEQUATE_SECURITY)."),
                    var code => new Status(StatusCode.Internal, $"HTTP/2 error 0x{code:X} on the call."),
                };
            }
        }
        return exception switch
        {
            HttpRequestException => new Status(StatusCode.Unavailable, $"Error connecting to the server: {exception.Message}"),
            IOException => new Status(StatusCode.Unavailable, $"The connection was lost: {exception.Message}"),
            _ => new Status(StatusCode.Unknown, $"The call failed with {exception.GetType().Name}."),
        };
    }

    private bool PastDeadline() =>
        _options.Deadline is { } deadline && DateTime.UtcNow >= deadline.ToUniversalTime().AddMilliseconds(-50);

    /// <summary>The gRPC status for a non-200 HTTP answer (grpc's http-grpc-status-mapping).</summary>
    private static Status StatusOfHttp(HttpStatusCode code)
    {
        var grpc = code switch
        {
            HttpStatusCode.BadRequest => StatusCode.Internal,
            HttpStatusCode.Unauthorized => StatusCode.Unauthenticated,
            HttpStatusCode.Forbidden => StatusCode.PermissionDenied,
            HttpStatusCode.NotFound => StatusCode.Unimplemented,
            HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => StatusCode.Unavailable,
            _ => StatusCode.Unknown,
        };
        return new Status(grpc, $"Bad gRPC response: HTTP status {(int)code}.");
    }

    private sealed class RequestStreamWriter(ClientCall<TRequest, TResponse> call) : IClientStreamWriter<TRequest>
    {
        public Task WriteAsync(TRequest message, CancellationToken cancellationToken = default) => call.WriteAsync(message, cancellationToken);

        public Task CompleteAsync() => call.CompleteRequestAsync();
    }
}
