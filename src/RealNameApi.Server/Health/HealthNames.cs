namespace RealNameApi.Server.Health;

/// <summary>The tags that map ASP.NET Core health checks to gRPC health service names.</summary>
internal static class HealthNames
{
    /// <summary>Checks of what the services need to answer; the services' names report these.</summary>
    public const string ServiceTag = "service";

    /// <summary>The cache's check; only <c>realname.cache</c> reports it.</summary>
    public const string CacheTag = "cache";
}
