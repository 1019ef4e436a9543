using Google.Protobuf.WellKnownTypes;
using RealNameApi.Caching.Configuration;
using RealNameApi.Contracts.V1;

namespace RealNameApi.Caching.Status;

/// <summary>What both status stores agree on: what a record holds, how long it lives, query limits.</summary>
internal static class CaseRecords
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 100;

    /// <summary>The record of a diagnosis: no creation time (the store keeps the first) and no state (computed on read).</summary>
    public static VerificationStatus FromDiagnosis(string caseId, Diagnosis diagnosis, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(caseId);
        ArgumentNullException.ThrowIfNull(diagnosis);
        if (!IsPlatformId(diagnosis.Platform))
        {
            throw new ArgumentException("The diagnosis has no valid platform id.", nameof(diagnosis));
        }

        return new VerificationStatus
        {
            CaseId = caseId,
            Platform = diagnosis.Platform,
            RuleId = diagnosis.RuleId,
            Category = diagnosis.Category,
            Outcome = diagnosis.Outcome,
            Retry = diagnosis.Retry?.Clone(),
            UpdatedAt = Timestamp.FromDateTimeOffset(now),
        };
    }

    /// <summary>A case not recorded (yet): sent first by a watch that has nothing else to send.</summary>
    public static VerificationStatus NotRecorded(string caseId) => new() { CaseId = caseId, State = VerificationState.Unknown };

    /// <summary>
    /// When a case recorded now expires: <c>RetentionAfterWindow</c> after the latest end of its
    /// retry window, but no sooner than <c>MinimumRetention</c> and no later than <c>MaximumRetention</c> from now.
    /// </summary>
    public static DateTimeOffset ExpiresAt(RetryWindow? retry, DateTimeOffset now, StatusOptions options)
    {
        var windowEnd = (retry?.Latest ?? retry?.Earliest)?.ToDateTimeOffset() ?? now;
        var expires = windowEnd + options.RetentionAfterWindow;
        var earliest = now + options.MinimumRetention;
        var latest = now + options.MaximumRetention;
        return expires < earliest ? earliest : expires > latest ? latest : expires;
    }

    /// <summary>The page size a list request asks for, by the contract's rules.</summary>
    public static int PageSize(int requested) => requested switch
    {
        < 0 => throw new StatusQueryException("page_size", "The page size must not be negative."),
        0 => DefaultPageSize,
        > MaxPageSize => MaxPageSize,
        _ => requested,
    };

    /// <summary>The platform filter of a list request: null for all platforms.</summary>
    public static string? PlatformFilter(string? platform)
    {
        if (string.IsNullOrEmpty(platform))
        {
            return null;
        }

        return IsPlatformId(platform)
            ? platform
            : throw new StatusQueryException("platform", "The platform must be a catalog id: 1 to 64 characters a-z, 0-9 or '-'.");
    }

    /// <summary>
    /// Whether a platform id is safe to put in a key name. Platform ids are catalog ids such as
    /// <c>aliyun-domain</c>; anything else is refused before it reaches storage.
    /// </summary>
    public static bool IsPlatformId(string? platform)
    {
        if (platform is null || platform.Length is 0 or > 64)
        {
            return false;
        }

        foreach (var c in platform)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Most recently updated first; among equal times, the greater case id first (Redis's order).</summary>
    public static int NewestFirst(long updatedA, string caseIdA, long updatedB, string caseIdB) =>
        updatedA != updatedB ? updatedB.CompareTo(updatedA) : string.CompareOrdinal(caseIdB, caseIdA);

    public static long UnixMilliseconds(Timestamp? timestamp) => timestamp?.ToDateTimeOffset().ToUnixTimeMilliseconds() ?? 0;
}
