namespace RealNameApi.Caching.Configuration;

/// <summary>The <c>Redis</c> configuration section: where Redis is and how long to wait for it.</summary>
public sealed class RedisOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Redis";

    /// <summary>
    /// A StackExchange.Redis configuration string such as <c>127.0.0.1:6379,password=...</c>.
    /// Empty means the embedded default: an in-process cache and status store, no Redis at all.
    /// Timeouts and abort-on-connect-fail are set by the options below, not by this string.
    /// </summary>
    public string Configuration { get; set; } = "";

    /// <summary>The prefix of every key and channel, so several deployments can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "realname:v1:";

    /// <summary>How long to wait for a connection before answering without Redis.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a synchronous command may take (also the library's heartbeat timeout).</summary>
    public TimeSpan SyncTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long an asynchronous command may take (StackExchange.Redis's <c>asyncTimeout</c>).</summary>
    public TimeSpan AsyncTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Consecutive failures after which Redis is bypassed (the circuit breaker opens).</summary>
    public int FailureThreshold { get; set; } = 5;

    /// <summary>How long Redis is bypassed before one probe is let through.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Replicas that must hold a case before its record is acknowledged (<c>WAIT</c> after each
    /// record, on the primary that took it). 0: acknowledged once the primary has it, so a
    /// primary that dies before replicating loses it (see the Caching README for the measured
    /// window). 1 on a cluster or Sentinel deployment with a replica per primary: a record not
    /// replicated within <see cref="RecordReplicaTimeout"/> is reported as not recorded.
    /// </summary>
    public int RecordReplicas { get; set; }

    /// <summary>How long a record waits for <see cref="RecordReplicas"/> (less than <see cref="AsyncTimeout"/>).</summary>
    public TimeSpan RecordReplicaTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Whether a Redis server is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Configuration);

    internal IEnumerable<string> Validate()
    {
        if (string.IsNullOrEmpty(KeyPrefix))
        {
            yield return "Redis:KeyPrefix must not be empty.";
        }
        else if (KeyPrefix.IndexOfAny(['{', '}', '*', '?', '[', ']', '\\']) >= 0)
        {
            // A brace would become the hash tag of every key instead of the tenant's; the others
            // are glob characters of the channel pattern the status store subscribes to.
            yield return "Redis:KeyPrefix must not contain { } * ? [ ] or \\.";
        }

        foreach (var (name, value) in new[] { ("ConnectTimeout", ConnectTimeout), ("SyncTimeout", SyncTimeout), ("AsyncTimeout", AsyncTimeout), ("BreakDuration", BreakDuration) })
        {
            if (value <= TimeSpan.Zero || value > TimeSpan.FromMinutes(5))
            {
                yield return $"Redis:{name} must be greater than zero and at most 5 minutes.";
            }
        }

        if (RecordReplicas is < 0 or > 16)
        {
            yield return "Redis:RecordReplicas must be 0 to 16.";
        }

        if (RecordReplicaTimeout < TimeSpan.FromMilliseconds(1) || RecordReplicaTimeout >= AsyncTimeout)
        {
            yield return "Redis:RecordReplicaTimeout must be at least 1 ms and less than Redis:AsyncTimeout.";
        }

        if (FailureThreshold < 1)
        {
            yield return "Redis:FailureThreshold must be at least 1.";
        }
    }
}
