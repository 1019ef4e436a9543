using Microsoft.Extensions.Diagnostics.HealthChecks;
using RealNameApi.Diagnosis.Engine;

namespace RealNameApi.Server.Health;

/// <summary>
/// What the services need to answer: a catalog with platforms. The catalog is loaded and checked
/// before the server listens, so this holds for the life of the process; the cache is not part of
/// it, because the services answer without Redis (fail-open).
/// </summary>
internal sealed class CatalogHealthCheck(DiagnosisEngine engine) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(engine.Catalog.Platforms.Count > 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The catalog has no platforms."));
}
