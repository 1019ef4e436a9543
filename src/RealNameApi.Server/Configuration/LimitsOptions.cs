namespace RealNameApi.Server.Configuration;

/// <summary>
/// The <c>Limits</c> section: what one client can make the server hold at the transport
/// (connections, time, buffered bytes, streams). Every default is safe for a public port; the
/// attack suite in tests/attack measures each of them against the server process.
/// </summary>
public sealed class LimitsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Limits";

    /// <summary>Open connections on both ports together; a connection over the limit is closed at once.</summary>
    public long MaxConnections { get; set; } = 2000;

    /// <summary>How long a connection with no request in flight stays open.</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The time a client has to send a request's headers: on HTTP/1.1 from the first byte of the
    /// request, on HTTP/2 from a HEADERS frame to its last CONTINUATION.
    /// </summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The slowest a request body may arrive, after <see cref="MinRequestBodyGracePeriod"/>; 0 turns the check off.</summary>
    public double MinRequestBodyBytesPerSecond { get; set; } = 240;

    /// <summary>How long a request body may arrive slower than <see cref="MinRequestBodyBytesPerSecond"/>.</summary>
    public TimeSpan MinRequestBodyGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The slowest a client may read responses, after <see cref="MinResponseGracePeriod"/>; 0 turns
    /// the check off. On HTTP/2 Kestrel measures it per connection, including time blocked on the
    /// client's flow-control window, so a client that stops reading (a zero window) loses its
    /// connection and the server frees the responses it held.
    /// </summary>
    public double MinResponseBytesPerSecond { get; set; } = 240;

    /// <summary>How long a client may read slower than <see cref="MinResponseBytesPerSecond"/>.</summary>
    public TimeSpan MinResponseGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Concurrent HTTP/2 streams (calls) per connection, advertised in SETTINGS_MAX_CONCURRENT_STREAMS:
    /// 100, as gRPC clients expect (they multiplex their calls on one connection). What a client
    /// that stops reading can make the server hold is bounded by <see cref="MaxConcurrentBatchDiagnose"/>,
    /// not by this.
    /// </summary>
    public int MaxStreamsPerConnection { get; set; } = 100;

    /// <summary>
    /// BatchDiagnose calls in flight across the server, from the request until Kestrel has taken
    /// the answer; more are answered RESOURCE_EXHAUSTED with RetryInfo. A batch answer is the
    /// largest the service makes, and readers that stop make the server hold it until
    /// <see cref="MinResponseGracePeriod"/> closes their connections: this bounds that memory.
    /// </summary>
    public int MaxConcurrentBatchDiagnose { get; set; } = 64;

    /// <summary>
    /// ListVerificationStatuses calls running at once across the server; by default half the
    /// processors (at least one). Listing takes no lock, but each page is CPU work, and callers
    /// looping it could take every core from Diagnose; with this cap they take at most these.
    /// </summary>
    public int MaxConcurrentListings { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>
    /// ListVerificationStatuses calls waiting for one of <see cref="MaxConcurrentListings"/>, oldest
    /// first; more are answered RESOURCE_EXHAUSTED with RetryInfo. A waiting call holds only its
    /// small request.
    /// </summary>
    public int ListingQueueLimit { get; set; } = 32;

    /// <summary>
    /// WatchVerificationStatus streams open at once across the server; more are answered
    /// RESOURCE_EXHAUSTED with RetryInfo. A watch holds its stream and buffers (about 25 KB) for as
    /// long as its caller keeps it: this bounds that memory (about 250 MB at the default).
    /// </summary>
    public int MaxWatches { get; set; } = 10_000;

    /// <summary>WatchVerificationStatus streams one tenant may have open at once, so one tenant cannot take every watch.</summary>
    public int MaxWatchesPerTenant { get; set; } = 1_000;

    /// <summary>The HTTP/2 flow-control window of a connection: request bytes the server buffers per connection.</summary>
    public int InitialConnectionWindowSize { get; set; } = 1024 * 1024;

    /// <summary>The HTTP/2 flow-control window of a stream: request bytes the server buffers per call.</summary>
    public int InitialStreamWindowSize { get; set; } = 768 * 1024;

    /// <summary>
    /// The total size of a call's metadata (its headers, after HPACK decoding on HTTP/2): a call
    /// over it is RESOURCE_EXHAUSTED (<see cref="Transport.RequestMetadataLimit"/>).
    /// </summary>
    public int MaxRequestHeadersTotalSize { get; set; } = 32 * 1024;

    /// <summary>
    /// Kestrel's own limit on a request's headers, and on one header: twice
    /// <see cref="MaxRequestHeadersTotalSize"/>, so that a call over that one reaches the server
    /// and is answered as a gRPC error. Beyond this, Kestrel closes the connection.
    /// </summary>
    public int KestrelHeadersTotalSize => checked(MaxRequestHeadersTotalSize * 2);

    /// <summary>
    /// PING, SETTINGS, WINDOW_UPDATE, PRIORITY and empty DATA frames an HTTP/2 connection may send
    /// a second, on average; a connection beyond it and <see cref="Http2ControlFrameBurst"/> is
    /// closed. Each call a client makes allows two more, and so does each 8 KB sent to it (the
    /// WINDOW_UPDATEs of a client reading large answers). A gRPC client sends a handful per second
    /// (keep-alive and bandwidth-probe PINGs, WINDOW_UPDATEs as it reads); a flood sends millions.
    /// 0 turns the check off.
    /// </summary>
    public double Http2ControlFramesPerSecond { get; set; } = 1000;

    /// <summary>The control frames a connection may send at once, beyond <see cref="Http2ControlFramesPerSecond"/>.</summary>
    public double Http2ControlFrameBurst { get; set; } = 10_000;

    /// <summary>The problems with these options, empty when they are valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (MaxConnections < 1)
        {
            yield return "Limits:MaxConnections must be at least 1.";
        }

        foreach (var (key, value) in new[] { ("KeepAliveTimeout", KeepAliveTimeout), ("RequestHeadersTimeout", RequestHeadersTimeout) })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return $"Limits:{key} must be greater than zero.";
            }
        }

        foreach (var (key, rate, grace) in new[]
        {
            ("MinRequestBody", MinRequestBodyBytesPerSecond, MinRequestBodyGracePeriod),
            ("MinResponse", MinResponseBytesPerSecond, MinResponseGracePeriod),
        })
        {
            if (rate < 0 || double.IsNaN(rate) || double.IsInfinity(rate))
            {
                yield return $"Limits:{key}BytesPerSecond must be 0 (off) or a positive number.";
            }

            // Kestrel checks rates on its one-second heartbeat, so a shorter grace cannot hold.
            if (rate > 0 && grace <= TimeSpan.FromSeconds(1))
            {
                yield return $"Limits:{key}GracePeriod must be longer than one second.";
            }
        }

        if (MaxStreamsPerConnection < 1)
        {
            yield return "Limits:MaxStreamsPerConnection must be at least 1.";
        }

        if (MaxConcurrentBatchDiagnose < 1)
        {
            yield return "Limits:MaxConcurrentBatchDiagnose must be at least 1.";
        }

        if (MaxConcurrentListings < 1)
        {
            yield return "Limits:MaxConcurrentListings must be at least 1.";
        }

        if (MaxWatches < 1 || MaxWatchesPerTenant < 1)
        {
            yield return "Limits:MaxWatches and Limits:MaxWatchesPerTenant must be at least 1.";
        }

        if (ListingQueueLimit < 0)
        {
            yield return "Limits:ListingQueueLimit must be 0 (no waiting) or more.";
        }

        // HTTP/2 allows windows from 65,535 (the protocol's initial window) to 2^31-1 bytes.
        if (InitialConnectionWindowSize is < 65_535)
        {
            yield return "Limits:InitialConnectionWindowSize must be at least 65535 bytes.";
        }

        if (InitialStreamWindowSize is < 65_535)
        {
            yield return "Limits:InitialStreamWindowSize must be at least 65535 bytes.";
        }

        if (InitialStreamWindowSize > InitialConnectionWindowSize)
        {
            yield return "Limits:InitialStreamWindowSize must not exceed Limits:InitialConnectionWindowSize.";
        }

        if (Http2ControlFramesPerSecond < 0 || double.IsNaN(Http2ControlFramesPerSecond) || double.IsInfinity(Http2ControlFramesPerSecond))
        {
            yield return "Limits:Http2ControlFramesPerSecond must be 0 (off) or a positive number.";
        }

        if (Http2ControlFramesPerSecond > 0 && !(Http2ControlFrameBurst >= 1 && !double.IsInfinity(Http2ControlFrameBurst)))
        {
            yield return "Limits:Http2ControlFrameBurst must be at least 1.";
        }

        if (MaxRequestHeadersTotalSize is < 4096 or > 1024 * 1024)
        {
            yield return "Limits:MaxRequestHeadersTotalSize must be from 4096 to 1048576 bytes.";
        }
    }
}
