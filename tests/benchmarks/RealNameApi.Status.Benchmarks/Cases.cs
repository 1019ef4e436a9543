using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RealNameApi.Caching.Configuration;
using RealNameApi.Caching.Keys;
using RealNameApi.Caching.Status;
using RealNameApi.Contracts.V1;

namespace RealNameApi.Status.Benchmarks;

/// <summary>Stores and diagnoses shaped like the service's: catalog platforms and rule ids, a mix of outcomes.</summary>
internal static class Cases
{
    private static readonly (string Platform, string RuleId, Outcome Outcome)[] Kinds =
    [
        ("dayu", "dayu.face-mismatch-police-photo", Outcome.FixAndRetry),
        ("dayu", "dayu.not-in-real-name-database", Outcome.WaitThenRetry),
        ("aliyun-domain", "aliyun-domain.registrant-contact-parameter-error", Outcome.FixAndRetry),
        ("aliyun-domain", "aliyun-domain.identity-validity-check-failed", Outcome.WaitThenRetry),
        ("dayu", "dayu.account-limit-reached", Outcome.Final),
        ("aliyun-domain", "aliyun-domain.overseas-person-or-organization", Outcome.Appeal),
    ];

    public static KeyedHasher Hasher { get; } = new(
        Options.Create(new CacheOptions { KeySecret = "a-benchmark-secret-of-enough-length" }),
        Options.Create(new RedisOptions()),
        NullLogger<KeyedHasher>.Instance);

    public static InMemoryStatusStore Store(StatusOptions options) =>
        new(Hasher, options, TimeProvider.System, NullLogger<InMemoryStatusStore>.Instance);

    /// <summary>A store that holds every case recorded (up to 10 million).</summary>
    public static InMemoryStatusStore Unbounded() =>
        Store(new StatusOptions { EmbeddedMaxCases = 10_000_000, EmbeddedMaxBytes = long.MaxValue });

    public static Diagnosis Diagnosis(int i)
    {
        var (platform, ruleId, outcome) = Kinds[i % Kinds.Length];
        var now = DateTimeOffset.UtcNow;
        return new Diagnosis
        {
            Platform = platform,
            RuleId = ruleId,
            Category = outcome == Outcome.WaitThenRetry ? Category.DataSync : Category.IdentityMismatch,
            Outcome = outcome,
            Retry = outcome != Outcome.WaitThenRetry ? null : new RetryWindow
            {
                Basis = RetryBasis.WorkingDays,
                MinDays = 1,
                MaxDays = 3,
                Earliest = Timestamp.FromDateTimeOffset(now.AddDays(1 + (i % 3))),
                Latest = Timestamp.FromDateTimeOffset(now.AddDays(4 + (i % 3))),
                Anchor = RetryAnchor.OccurredAt,
            },
        };
    }

    public static string CaseId(int i) => Hasher.CaseId($"benchmark-case-{i}");

    /// <summary>Records cases <paramref name="from"/> to <paramref name="to"/> (exclusive) with unique ids.</summary>
    public static async Task RecordAsync(IVerificationStatusStore store, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            await store.RecordAsync(CaseId(i), Diagnosis(i));
        }
    }
}
