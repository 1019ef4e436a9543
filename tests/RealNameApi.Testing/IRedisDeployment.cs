namespace RealNameApi.Testing;

/// <summary>A running Redis the tests can point the service at: one server, a cluster, or primaries behind Sentinel.</summary>
public interface IRedisDeployment
{
    /// <summary>The deployment's address as StackExchange.Redis and the <c>Redis:Configuration</c> key take it.</summary>
    string Configuration { get; }
}
