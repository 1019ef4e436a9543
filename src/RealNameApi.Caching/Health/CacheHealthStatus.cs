namespace RealNameApi.Caching.Health;

/// <summary>Whether the shared cache and status store are in use.</summary>
public enum CacheHealthStatus
{
    /// <summary>Redis answers, or no Redis is configured (the embedded default needs none).</summary>
    Healthy,

    /// <summary>Redis is being bypassed: answers are computed directly and the status store is unavailable.</summary>
    Unavailable,
}
