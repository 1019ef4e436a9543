using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using RealNameApi.Rpc.Protocol;
using RealNameApi.Rpc.Server;

namespace RealNameApi.Rpc;

/// <summary>
/// The server side of one call, as a handler sees it: deadline, cancellation, headers and
/// trailers. The same object carries the call's wire state for the library.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The SemaphoreSlim never allocates a wait handle (only WaitAsync is used), so it holds nothing to dispose; not disposing it keeps a late deadline callback safe.")]
public sealed class ServerCallContext
{
    private readonly CancellationTokenSource? _deadlineSource;
    private readonly CancellationTokenRegistration _deadlineRegistration;
    // Only calls with a deadline can be completed from a second thread (the deadline timer), so
    // only they pay for a lock around response writes.
    private readonly SemaphoreSlim? _writeLock;
    private Metadata? _requestHeaders;
    private Metadata? _responseTrailers;
    private bool _finished;
    // Whether headers or a message have gone into the response, so the status goes in trailers
    // rather than Trailers-Only. Kestrel's HasStarted only turns true at the first flush.
    private bool _responseBegun;

    internal ServerCallContext(HttpContext httpContext, ServerMethodInfo method, CallFormat format, TimeSpan? timeout, bool requestCompressed)
    {
        HttpContext = httpContext;
        MethodInfo = method;
        Format = format;
        RequestCompressed = requestCompressed;
        CompressResponses = format == CallFormat.Grpc
            && method.Runtime.Options.ResponseCompression is { } encoding
            && string.Equals(encoding, MessageCompression.Gzip, StringComparison.OrdinalIgnoreCase)
            && MessageCompression.AcceptsGzip(httpContext.Request.Headers[GrpcProtocol.AcceptEncodingHeader]);

        Input = format == CallFormat.GrpcWebText
            ? PipeReader.Create(new Web.Base64DecodingStream(httpContext.Request.Body), new StreamPipeReaderOptions(leaveOpen: true))
            : httpContext.Request.BodyReader;
        Output = format == CallFormat.GrpcWebText
            ? new Web.Base64ResponseWriter(httpContext.Response.BodyWriter)
            : httpContext.Response.BodyWriter;

        if (timeout is { } t)
        {
            Deadline = DateTime.UtcNow + t;
            _writeLock = new SemaphoreSlim(1, 1);
            _deadlineSource = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted);
            CancellationToken = _deadlineSource.Token;
            _deadlineRegistration = _deadlineSource.Token.UnsafeRegister(static state => ((ServerCallContext)state!).OnCancelled(), this);
            _deadlineSource.CancelAfter(t);
        }
        else
        {
            Deadline = DateTime.MaxValue;
            CancellationToken = httpContext.RequestAborted;
        }
    }

    /// <summary>The full method name, <c>/package.Service/Method</c>.</summary>
    public string Method => MethodInfo.Path;

    /// <summary>When the client's deadline passes (UTC); <see cref="DateTime.MaxValue"/> without one.</summary>
    public DateTime Deadline { get; }

    /// <summary>Fires when the client cancels (RST_STREAM), disconnects, or the deadline passes.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The custom metadata the client sent (protocol headers excluded; <c>-bin</c> values decoded).</summary>
    public Metadata RequestHeaders => _requestHeaders ??= ReadRequestHeaders(HttpContext.Request.Headers);

    /// <summary>Trailers to send with the status; add to them before the handler returns.</summary>
    public Metadata ResponseTrailers => _responseTrailers ??= [];

    /// <summary>The client's address, in gRPC's form: <c>ipv4:127.0.0.1:5000</c> or <c>ipv6:[::1]:5000</c>.</summary>
    public string Peer
    {
        get
        {
            var connection = HttpContext.Connection;
            return connection.RemoteIpAddress switch
            {
                null => "unknown",
                { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } ip => $"ipv6:[{ip}]:{connection.RemotePort}",
                var ip => $"ipv4:{ip}:{connection.RemotePort}",
            };
        }
    }

    /// <summary>The underlying HTTP request, for what the gRPC API does not cover (authentication, connection).</summary>
    public HttpContext HttpContext { get; }

    internal ServerMethodInfo MethodInfo { get; }

    internal CallFormat Format { get; }

    internal bool RequestCompressed { get; }

    internal bool CompressResponses { get; }

    internal PipeReader Input { get; }

    internal PipeWriter Output { get; }

    internal bool DeadlineExceeded { get; private set; }

    /// <summary>Sends response headers now, with <paramref name="headers"/> as custom metadata. At most once, before any message.</summary>
    /// <exception cref="InvalidOperationException">The headers were already sent.</exception>
    public async Task WriteResponseHeadersAsync(Metadata headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        await EnterWriteAsync();
        try
        {
            ThrowIfFinished();
            if (_responseBegun)
            {
                throw new InvalidOperationException("Response headers can only be sent once per call, before the first message.");
            }
            MetadataHeaders.ForEachToSend(headers, HttpContext.Response.Headers, static (h, name, value) => h.Append(name, value));
            BeginResponse();
            await HttpContext.Response.StartAsync();
        }
        finally
        {
            _writeLock?.Release();
        }
    }

    /// <summary>Writes one response message; flushes it unless <paramref name="flush"/> is false (the final unary message).</summary>
    internal async Task WriteMessageAsync(IMessage message, bool flush, CancellationToken cancellationToken)
    {
        await EnterWriteAsync();
        try
        {
            ThrowIfFinished();
            if (!_responseBegun)
            {
                BeginResponse();
            }
            var options = MethodInfo.Runtime.Options;
            MessageWriter.Write(Output, message, CompressResponses, options.MaxSendMessageSize, options.ResponseCompressionLevel, "response");
            if (flush)
            {
                await Output.FlushAsync(cancellationToken);
            }
        }
        finally
        {
            _writeLock?.Release();
        }
    }

    /// <summary>Ends the call with <paramref name="status"/>: trailers, a Trailers-Only response, or the gRPC-Web trailers frame.</summary>
    internal async Task FinishAsync(Status status, Google.Rpc.Status? details, Metadata? trailers)
    {
        await EnterWriteAsync();
        try
        {
            if (_finished)
            {
                return;
            }
            _finished = true;
            await WriteStatusAsync(status, details, trailers);
        }
        finally
        {
            _writeLock?.Release();
        }
    }

    internal void Complete()
    {
        _deadlineRegistration.Dispose();
        _deadlineSource?.Dispose();
    }

    private Task WriteStatusAsync(Status status, Google.Rpc.Status? details, Metadata? trailers)
    {
        var response = HttpContext.Response;
        if (!_responseBegun)
        {
            // Trailers-Only: no message was sent, so the status travels in the one HEADERS frame.
            response.ContentType = GrpcProtocol.ResponseContentType(Format);
            StatusHeaders.Write(response.Headers, status, details, _responseTrailers, trailers);
            return Task.CompletedTask;
        }
        if (Format == CallFormat.Grpc)
        {
            StatusHeaders.WriteTrailers(response, status, details, _responseTrailers, trailers);
            return Task.CompletedTask;
        }
        Web.WebTrailers.Write(Output, status, details, _responseTrailers, trailers);
        return Output.FlushAsync().AsTask();
    }

    /// <summary>
    /// Sets the response headers. They leave with the first flush: for a unary call that is when the
    /// call ends, so headers, message and trailers go out together.
    /// </summary>
    private void BeginResponse()
    {
        _responseBegun = true;
        var response = HttpContext.Response;
        response.ContentType = GrpcProtocol.ResponseContentType(Format);
        if (CompressResponses)
        {
            response.Headers[GrpcProtocol.EncodingHeader] = MessageCompression.Gzip;
        }
    }

    private Task EnterWriteAsync() => _writeLock is null ? Task.CompletedTask : _writeLock.WaitAsync();

    private void ThrowIfFinished()
    {
        if (_finished)
        {
            throw DeadlineExceeded
                ? new RpcException(StatusCode.DeadlineExceeded, "Deadline exceeded.")
                : new InvalidOperationException("The call has already completed.");
        }
    }

    private void OnCancelled()
    {
        if (HttpContext.RequestAborted.IsCancellationRequested)
        {
            return; // The client reset the stream or went away: there is no one to tell.
        }
        DeadlineExceeded = true;
        _ = FinishOnDeadlineAsync();
    }

    /// <summary>
    /// The deadline passed: send DEADLINE_EXCEEDED at once, even if the handler ignores its token,
    /// then reset the stream with CANCEL as PROTOCOL-HTTP2 asks of servers.
    /// </summary>
    private async Task FinishOnDeadlineAsync()
    {
        try
        {
            await _writeLock!.WaitAsync();
            try
            {
                if (_finished)
                {
                    return;
                }
                _finished = true;
                RpcServerLog.DeadlineExceeded(MethodInfo.Runtime.Logger, Method);
                await WriteStatusAsync(new Status(StatusCode.DeadlineExceeded, "Deadline exceeded."), null, null);
                await HttpContext.Response.CompleteAsync();
                HttpContext.Features.Get<IHttpResetFeature>()?.Reset(Http2ErrorCodes.Cancel);
            }
            finally
            {
                _writeLock.Release();
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection went away while we answered; nothing is left to do.
            RpcServerLog.DeadlineResponseFailed(MethodInfo.Runtime.Logger, Method, ex.GetType().Name);
        }
    }

    private static Metadata ReadRequestHeaders(IHeaderDictionary headers)
    {
        var metadata = new Metadata();
        foreach (var (name, values) in headers)
        {
            MetadataHeaders.AddReceived(metadata, name, values);
        }
        return metadata;
    }
}
