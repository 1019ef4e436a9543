using RealNameApi.Caching.Keys;
using RealNameApi.Contracts.V1;

namespace RealNameApi.Caching.Status;

/// <summary>
/// How many cases a status store holds in each state, for a gauge. Each count is read in O(1)
/// from the store's per-state indexes, so it is cheap at any number of cases; a case whose window
/// opened or whose retention ended since the store's last maintenance (done on records and lists)
/// is still counted where it was.
/// </summary>
public interface ICaseStateCounts
{
    /// <summary>
    /// The count per state (action required, waiting, ready to retry, final) over the given
    /// tenants, or null when the store cannot be read now.
    /// </summary>
    Task<IReadOnlyDictionary<VerificationState, long>?> CountByStateAsync(IReadOnlyCollection<TenantNamespace> tenants, CancellationToken cancellationToken = default);
}
