using RealNameApi.Caching.Keys;
using RealNameApi.Caching.Status;
using RealNameApi.Contracts.V1;

namespace RealNameApi.Status.Benchmarks;

/// <summary>The benchmark's cases all belong to one tenant: the store calls here act in it.</summary>
internal static class BenchmarkTenant
{
    public static TenantNamespace Namespace { get; } = new("benchmark");

    public static Task<bool> RecordAsync(this IVerificationStatusStore store, string caseId, Diagnosis diagnosis) =>
        store.RecordAsync(Namespace, caseId, diagnosis);

    public static Task<VerificationStatus?> GetAsync(this IVerificationStatusStore store, string caseId) =>
        store.GetAsync(Namespace, caseId);

    public static Task<ListVerificationStatusesResponse> ListAsync(this IVerificationStatusStore store, string? platform, VerificationState state, int pageSize, string? pageToken) =>
        store.ListAsync(Namespace, platform, state, pageSize, pageToken);

    public static string CaseId(this KeyedHasher hasher, string caseRef) => hasher.CaseId(Namespace, caseRef);
}
