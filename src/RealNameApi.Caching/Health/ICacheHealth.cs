namespace RealNameApi.Caching.Health;

/// <summary>
/// The health of the cache, for the server's health service. The cache failing never makes the
/// main services unhealthy: it is reported on its own service name.
/// </summary>
public interface ICacheHealth
{
    /// <summary>The health service name suggested for the cache.</summary>
    const string ServiceName = "realname.cache";

    /// <summary>The current status.</summary>
    CacheHealthStatus Status { get; }

    /// <summary>Raised after <see cref="Status"/> changes, with the new status.</summary>
    event EventHandler<CacheHealthStatus>? StatusChanged;
}
