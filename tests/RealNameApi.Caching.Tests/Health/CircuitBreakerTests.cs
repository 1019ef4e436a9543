using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RealNameApi.Caching.Health;

namespace RealNameApi.Caching.Tests.Health;

public sealed class CircuitBreakerTests
{
    private static readonly TimeSpan Break = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _time = new();
    private readonly List<CacheHealthStatus> _changes = [];
    private readonly CircuitBreaker _breaker;

    public CircuitBreakerTests()
    {
        _breaker = new CircuitBreaker(failureThreshold: 3, Break, _time, NullLogger<CircuitBreaker>.Instance);
        _breaker.StatusChanged += (_, status) => _changes.Add(status);
    }

    [Fact]
    public void Stays_closed_below_the_threshold_and_a_success_resets_the_count()
    {
        _breaker.RecordFailure();
        _breaker.RecordFailure();
        _breaker.RecordSuccess();
        _breaker.RecordFailure();
        _breaker.RecordFailure();

        Assert.True(_breaker.TryAcquire());
        Assert.Equal(CacheHealthStatus.Healthy, _breaker.Status);
        Assert.Empty(_changes);
    }

    [Fact]
    public void Opens_after_consecutive_failures_and_then_refuses_every_caller()
    {
        Fail(3);

        Assert.Equal(CacheHealthStatus.Unavailable, _breaker.Status);
        Assert.Equal([CacheHealthStatus.Unavailable], _changes);
        Assert.False(_breaker.TryAcquire());
        _time.Advance(Break - TimeSpan.FromMilliseconds(1));
        Assert.False(_breaker.TryAcquire());
    }

    [Fact]
    public void After_the_break_one_probe_goes_through_and_its_success_closes_the_breaker()
    {
        Fail(3);
        _time.Advance(Break);

        Assert.True(_breaker.TryAcquire());
        Assert.False(_breaker.TryAcquire());
        Assert.Equal(CacheHealthStatus.Unavailable, _breaker.Status);

        _breaker.RecordSuccess();

        Assert.Equal(CacheHealthStatus.Healthy, _breaker.Status);
        Assert.True(_breaker.TryAcquire());
        Assert.Equal([CacheHealthStatus.Unavailable, CacheHealthStatus.Healthy], _changes);
    }

    [Fact]
    public void A_failed_probe_opens_the_breaker_for_another_break()
    {
        Fail(3);
        _time.Advance(Break);
        Assert.True(_breaker.TryAcquire());

        _breaker.RecordFailure();

        Assert.False(_breaker.TryAcquire());
        _time.Advance(Break);
        Assert.True(_breaker.TryAcquire());
        Assert.Equal([CacheHealthStatus.Unavailable], _changes);
    }

    [Fact]
    public void A_probe_that_never_reports_is_replaced_after_another_break()
    {
        Fail(3);
        _time.Advance(Break);
        Assert.True(_breaker.TryAcquire());

        _time.Advance(Break);

        Assert.True(_breaker.TryAcquire());
    }

    [Fact]
    public void Failures_of_calls_that_started_before_the_breaker_opened_do_not_extend_the_break()
    {
        Fail(3);
        _time.Advance(Break - TimeSpan.FromSeconds(1));
        Fail(5);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(_breaker.TryAcquire());
    }

    private void Fail(int times)
    {
        for (var i = 0; i < times; i++)
        {
            _breaker.RecordFailure();
        }
    }
}
