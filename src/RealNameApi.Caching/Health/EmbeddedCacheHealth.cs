namespace RealNameApi.Caching.Health;

/// <summary>The health of the embedded default: in-process storage cannot become unreachable.</summary>
public sealed class EmbeddedCacheHealth : ICacheHealth
{
    /// <inheritdoc/>
    public CacheHealthStatus Status => CacheHealthStatus.Healthy;

    /// <inheritdoc/>
    /// <remarks>Never raised: the status never changes.</remarks>
    public event EventHandler<CacheHealthStatus>? StatusChanged
    {
        add { }
        remove { }
    }
}
