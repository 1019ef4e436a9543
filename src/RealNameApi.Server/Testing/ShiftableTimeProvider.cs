namespace RealNameApi.Server.Testing;

/// <summary>
/// Real time plus an offset that only grows. Unlike FakeTimeProvider
/// (Microsoft.Extensions.TimeProvider.Testing), which stands still until a test moves it, this clock
/// keeps running, so the server's real timeouts and deadlines still pass on their own; and when it
/// jumps, its timers are re-armed against the new time, so a wait that ends within the jump (a
/// watch sleeping until a retry window opens) ends at once, as it would have if the time had passed.
/// </summary>
public sealed class ShiftableTimeProvider(TimeProvider inner) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly HashSet<ShiftableTimer> _timers = [];
    private TimeSpan _offset;

    /// <summary>How far ahead of real time the clock is.</summary>
    public TimeSpan Offset
    {
        get
        {
            lock (_gate)
            {
                return _offset;
            }
        }
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + Offset;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    /// <summary>Moves the clock forward and fires the timers whose time has come.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        ShiftableTimer[] timers;
        lock (_gate)
        {
            _offset += by;
            timers = [.. _timers];
        }
        foreach (var timer in timers)
        {
            timer.Rearm();
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ShiftableTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    // Only armed timers are held, so timers that fired or were stopped can be collected.
    private void Track(ShiftableTimer timer, bool armed)
    {
        lock (_gate)
        {
            if (armed)
            {
                _timers.Add(timer);
            }
            else
            {
                _timers.Remove(timer);
            }
        }
    }

    /// <summary>A real timer that remembers when, on the shifted clock, it is due.</summary>
    private sealed class ShiftableTimer : ITimer
    {
        private readonly ShiftableTimeProvider _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private readonly ITimer _timer;
        private readonly Lock _gate = new();
        private DateTimeOffset? _dueAt;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public ShiftableTimer(ShiftableTimeProvider clock, TimerCallback callback, object? state)
        {
            _clock = clock;
            _callback = callback;
            _state = state;
            _timer = clock.InnerCreateTimer(Fire);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                _dueAt = dueTime == Timeout.InfiniteTimeSpan ? null : _clock.GetUtcNow() + dueTime;
                _period = period;
                _clock.Track(this, _dueAt is not null);
                return _timer.Change(dueTime, period);
            }
        }

        public void Rearm()
        {
            lock (_gate)
            {
                if (_dueAt is { } due)
                {
                    var left = due - _clock.GetUtcNow();
                    _timer.Change(left > TimeSpan.Zero ? left : TimeSpan.Zero, _period);
                }
            }
        }

        public void Dispose()
        {
            _clock.Track(this, armed: false);
            _timer.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            _clock.Track(this, armed: false);
            return _timer.DisposeAsync();
        }

        private void Fire(object? _)
        {
            lock (_gate)
            {
                _dueAt = _period == Timeout.InfiniteTimeSpan ? null : _clock.GetUtcNow() + _period;
                _clock.Track(this, _dueAt is not null);
            }
            _callback(_state);
        }
    }

    private ITimer InnerCreateTimer(TimerCallback callback) =>
        inner.CreateTimer(callback, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
}
