using RealNameApi.Caching.Keys;
using RealNameApi.Contracts.V1;

namespace RealNameApi.Caching.Status;

/// <summary>
/// The status of recorded cases, for <c>VerificationStatusService</c>. Cases are known by their
/// case id (<see cref="Keys.KeyedHasher.CaseId"/>), never by the caller's reference, and hold no
/// number, name or message. States are computed against the current time on every read.
/// Every case belongs to one tenant's namespace: a call sees, lists, watches and overwrites only
/// the cases of the namespace it passes, whatever the case id.
/// </summary>
public interface IVerificationStatusStore
{
    /// <summary>
    /// Records a diagnosis under a case, keeping the case's creation time across records.
    /// Fails open: when the store cannot be reached it logs a warning and returns false, so the
    /// diagnosis is still answered.
    /// </summary>
    /// <param name="tenant">The tenant whose case it is.</param>
    /// <param name="caseId">The case id.</param>
    /// <param name="diagnosis">The diagnosis; its platform, rule, category, outcome and retry window are kept.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the case was recorded.</returns>
    Task<bool> RecordAsync(TenantNamespace tenant, string caseId, Diagnosis diagnosis, CancellationToken cancellationToken = default);

    /// <summary>The current status of a case, or null when none was recorded or its record has expired.</summary>
    /// <exception cref="StatusStoreUnavailableException">The store cannot be reached now.</exception>
    Task<VerificationStatus?> GetAsync(TenantNamespace tenant, string caseId, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of the tenant's cases, most recently updated first, optionally of one platform and one state.
    /// </summary>
    /// <param name="tenant">The tenant whose case it is.</param>
    /// <param name="platform">Only cases of this platform; empty or null for all.</param>
    /// <param name="state">Only cases in this state now; unspecified for all.</param>
    /// <param name="pageSize">1 to 100; 0 means 50; larger values are lowered to 100.</param>
    /// <param name="pageToken">The previous page's next page token; empty for the first page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="StatusQueryException">A negative page size, a malformed platform, or a page token not issued for these filters.</exception>
    /// <exception cref="StatusStoreUnavailableException">The store cannot be reached now.</exception>
    Task<ListVerificationStatusesResponse> ListAsync(TenantNamespace tenant, string? platform, VerificationState state, int pageSize, string? pageToken, CancellationToken cancellationToken = default);

    /// <summary>
    /// The current status of a case (state UNKNOWN when not yet recorded), then each change:
    /// a record through any server instance, or the moment a waiting case's window opens. Ends
    /// after a FINAL status, or when <paramref name="cancellationToken"/> fires.
    /// </summary>
    /// <exception cref="StatusStoreUnavailableException">The first read cannot reach the store. Later outages are waited out.</exception>
    IAsyncEnumerable<VerificationStatus> WatchAsync(TenantNamespace tenant, string caseId, CancellationToken cancellationToken = default);
}
