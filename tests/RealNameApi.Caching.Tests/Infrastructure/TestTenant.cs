using Google.Protobuf;
using RealNameApi.Caching.Keys;
using RealNameApi.Caching.Status;
using RealNameApi.Contracts.V1;

namespace RealNameApi.Caching.Tests;

/// <summary>
/// The tenant of the tests that are about one tenant: the store and hasher calls without a
/// tenant act in this one, and <see cref="StatusPrefix"/> is where its Redis keys are.
/// </summary>
internal static class TestTenant
{
    public static TenantNamespace Default { get; } = new("test-tenant");

    /// <summary>The Redis key prefix of the test tenant's status keys under a deployment's key prefix.</summary>
    public static string StatusPrefix(string keyPrefix) => keyPrefix + Default.HashTag + ":status:";

    /// <summary>The Redis key prefix of the test tenant's cached answers.</summary>
    public static string ResultPrefix(string keyPrefix) => keyPrefix + "t:" + Default.Id + ":result:";

    public static Task<bool> RecordAsync(this IVerificationStatusStore store, string caseId, Diagnosis diagnosis, CancellationToken cancellationToken = default) =>
        store.RecordAsync(Default, caseId, diagnosis, cancellationToken);

    public static Task<VerificationStatus?> GetAsync(this IVerificationStatusStore store, string caseId, CancellationToken cancellationToken = default) =>
        store.GetAsync(Default, caseId, cancellationToken);

    public static Task<ListVerificationStatusesResponse> ListAsync(this IVerificationStatusStore store, string? platform, VerificationState state, int pageSize, string? pageToken, CancellationToken cancellationToken = default) =>
        store.ListAsync(Default, platform, state, pageSize, pageToken, cancellationToken);

    public static IAsyncEnumerable<VerificationStatus> WatchAsync(this IVerificationStatusStore store, string caseId, CancellationToken cancellationToken = default) =>
        store.WatchAsync(Default, caseId, cancellationToken);

    public static string CaseId(this KeyedHasher hasher, string caseRef) => hasher.CaseId(Default, caseRef);

    public static ResultCacheKey ResultKey(this KeyedHasher hasher, string kind, IMessage request, string catalogVersion, string locale, DateOnly shanghaiDate) =>
        hasher.ResultKey(Default, kind, request, catalogVersion, locale, shanghaiDate);
}
