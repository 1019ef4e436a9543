namespace RealNameApi.Rpc.Client;

/// <summary>Per-call options: request metadata, deadline, cancellation.</summary>
public readonly record struct CallOptions
{
    /// <summary>Custom metadata to send as request headers.</summary>
    public Metadata? Headers { get; init; }

    /// <summary>
    /// When the call must be over (UTC). Sent as <c>grpc-timeout</c> and enforced locally: past it, the
    /// call is reset and fails with DEADLINE_EXCEEDED.
    /// </summary>
    public DateTime? Deadline { get; init; }

    /// <summary>Cancels the call (the stream is reset); it then fails with CANCELLED.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>These options with a deadline <paramref name="timeout"/> from now.</summary>
    public CallOptions WithTimeout(TimeSpan timeout) => this with { Deadline = DateTime.UtcNow + timeout };
}
