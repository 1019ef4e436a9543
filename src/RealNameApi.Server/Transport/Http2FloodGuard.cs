using System.IO.Pipelines;
using System.Net.Security;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Options;
using RealNameApi.Server.Configuration;
using RealNameApi.Server.Logging;

namespace RealNameApi.Server.Transport;

/// <summary>
/// Closes an HTTP/2 connection that sends PING, SETTINGS, WINDOW_UPDATE, PRIORITY or empty DATA
/// frames faster than <see cref="LimitsOptions.Http2ControlFramesPerSecond"/> allows
/// (<see cref="ControlFrameBudgetReader"/>), beyond what its calls and the bytes it was sent
/// earn. Kestrel limits rapid reset and queued output, but answers or parses these frames
/// without limit, and a few connections sending them kept the cores from every call. A Kestrel
/// connection middleware: it sees the frames before Kestrel does, after TLS on the TLS port.
/// </summary>
internal static class Http2FloodGuard
{
    private static readonly EventId FloodClosed = new(1, "Http2ControlFrameFlood");

    /// <summary>
    /// Guards the HTTP/2 connections of <paramref name="listen"/>: all of them on a port that
    /// speaks only HTTP/2, those that chose h2 by ALPN on a port that speaks both (after
    /// <c>UseHttps</c>). Nothing while the limit is 0 (off).
    /// </summary>
    public static ListenOptions UseHttp2FloodGuard(this ListenOptions listen)
    {
        var http2Only = listen.Protocols == HttpProtocols.Http2;
        listen.Use(next =>
        {
            var limits = listen.ApplicationServices.GetRequiredService<IOptions<LimitsOptions>>().Value;
            var events = listen.ApplicationServices.GetRequiredService<TransportEvents>();
            if (limits.Http2ControlFramesPerSecond <= 0)
            {
                return next;
            }

            return connection => http2Only || ChoseHttp2(connection)
                ? GuardAsync(next, connection, limits, events)
                : next(connection);
        });
        return listen;
    }

    private static bool ChoseHttp2(ConnectionContext connection) =>
        connection.Features.Get<ITlsApplicationProtocolFeature>() is { } alpn
        && alpn.ApplicationProtocol.Span.SequenceEqual(SslApplicationProtocol.Http2.Protocol.Span);

    private static async Task GuardAsync(ConnectionDelegate next, ConnectionContext connection, LimitsOptions limits, TransportEvents events)
    {
        var transport = connection.Transport;
        var output = new CountingPipeWriter(transport.Output);
        var input = new ControlFrameBudgetReader(transport.Input, limits.Http2ControlFramesPerSecond, limits.Http2ControlFrameBurst, () => output.Written, charged =>
        {
            if (events.IsFirst(TransportEvents.ServerCategory, FloodClosed))
            {
                events.Count(TransportEvents.ServerCategory, FloodClosed, LogLevel.Warning,
                    $"closed an HTTP/2 connection after {charged} PING, SETTINGS, WINDOW_UPDATE, PRIORITY or empty DATA frames, beyond Limits:Http2ControlFramesPerSecond ({limits.Http2ControlFramesPerSecond}, burst {limits.Http2ControlFrameBurst})", null);
            }
            else
            {
                events.Count(TransportEvents.ServerCategory, FloodClosed, LogLevel.Warning, null, null);
            }

            // The input has ended before the flood; this also stops what is being sent to it.
            connection.Abort(new ConnectionAbortedException("HTTP/2 control-frame flood"));
        });
        connection.Transport = new Guarded(input, output);
        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            connection.Transport = transport;
        }
    }

    private sealed class Guarded(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
