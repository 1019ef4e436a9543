using Microsoft.Extensions.Logging;

namespace RealNameApi.Caching.Health;

/// <summary>
/// Stops requests from waiting on a Redis that is down: after <c>failureThreshold</c> consecutive
/// failures the breaker opens and every caller skips Redis at once; after <c>breakDuration</c> one
/// caller is let through as a probe (half-open), whose success closes the breaker again.
/// </summary>
public sealed class CircuitBreaker : ICacheHealth
{
    private const int Closed = 0;
    private const int Open = 1;
    private const int HalfOpen = 2;

    private readonly Lock _gate = new();
    private readonly int _failureThreshold;
    private readonly TimeSpan _breakDuration;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<Exception, bool> _counts;
    private readonly string _name;
    private int _state;
    private int _consecutiveFailures;
    private long _changedAt;

    /// <summary>Creates a closed breaker.</summary>
    /// <param name="failureThreshold">Consecutive failures that open it.</param>
    /// <param name="breakDuration">How long it stays open before one probe.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">Logs its openings and closings.</param>
    /// <param name="countsAsFailure">
    /// Which failures passed to <see cref="RecordFailure(Exception)"/> count; null: all
    /// (<see cref="Redis.RedisConnection.CountsAgainstBreaker"/> says which do on Redis).
    /// </param>
    /// <param name="name">What it guards, for its log lines: <c>Redis</c>, or one shard of a cluster.</param>
    public CircuitBreaker(int failureThreshold, TimeSpan breakDuration, TimeProvider time, ILogger<CircuitBreaker> logger, Func<Exception, bool>? countsAsFailure = null, string name = "Redis")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failureThreshold, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(breakDuration, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _failureThreshold = failureThreshold;
        _breakDuration = breakDuration;
        _time = time;
        _logger = logger;
        _counts = countsAsFailure ?? (_ => true);
        _name = name;
    }

    /// <inheritdoc/>
    public CacheHealthStatus Status => Volatile.Read(ref _state) == Closed ? CacheHealthStatus.Healthy : CacheHealthStatus.Unavailable;

    /// <inheritdoc/>
    public event EventHandler<CacheHealthStatus>? StatusChanged;

    /// <summary>
    /// Whether the caller may use Redis now. When it returns true the caller must report the
    /// outcome with <see cref="RecordSuccess"/> or <see cref="RecordFailure"/>.
    /// </summary>
    public bool TryAcquire()
    {
        if (Volatile.Read(ref _state) == Closed)
        {
            return true;
        }

        lock (_gate)
        {
            // A half-open probe that never reported back (its caller vanished) is replaced after
            // another break, so the breaker cannot stay half-open for ever.
            if (_state != Closed && _time.GetElapsedTime(_changedAt) >= _breakDuration)
            {
                _state = HalfOpen;
                _changedAt = _time.GetTimestamp();
                return true;
            }

            return _state == Closed;
        }
    }

    /// <summary>Reports that a Redis call succeeded.</summary>
    public void RecordSuccess()
    {
        if (Volatile.Read(ref _state) == Closed && Volatile.Read(ref _consecutiveFailures) == 0)
        {
            return;
        }

        bool closed;
        lock (_gate)
        {
            _consecutiveFailures = 0;
            closed = _state != Closed;
            _state = Closed;
        }

        if (closed)
        {
            Log.BreakerClosed(_logger, _name);
            StatusChanged?.Invoke(this, CacheHealthStatus.Healthy);
        }
    }

    /// <summary>Reports that a Redis call failed with <paramref name="error"/>, if the breaker counts such failures.</summary>
    public void RecordFailure(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (_counts(error))
        {
            RecordFailure();
        }
    }

    /// <summary>Reports that a Redis call failed or timed out.</summary>
    public void RecordFailure()
    {
        bool opened;
        int failures;
        lock (_gate)
        {
            failures = ++_consecutiveFailures;
            opened = (_state == Closed && failures >= _failureThreshold) || _state == HalfOpen;
            if (opened)
            {
                // From half-open the status stays unavailable; only the break starts again.
                opened = _state == Closed;
                _state = Open;
                _changedAt = _time.GetTimestamp();
            }
        }

        if (opened)
        {
            Log.BreakerOpened(_logger, _name, failures, _breakDuration);
            StatusChanged?.Invoke(this, CacheHealthStatus.Unavailable);
        }
    }
}
