using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RealNameApi.Caching.Configuration;
using RealNameApi.Caching.Health;
using RealNameApi.Caching.Keys;
using RealNameApi.Caching.Redis;
using RealNameApi.Contracts.V1;
using RealNameApi.Testing;

namespace RealNameApi.Caching.Tests.Infrastructure;

/// <summary>The library's real parts, assembled the way the tests need them.</summary>
public static class Parts
{
    public const string Secret = "a-test-secret-of-enough-length";

    public static KeyedHasher Hasher(string secret = Secret, string prefix = "realname:v1:", string redis = "", ILogger<KeyedHasher>? logger = null) =>
        new(Options.Create(new CacheOptions { KeySecret = secret }), Options.Create(new RedisOptions { Configuration = redis, KeyPrefix = prefix }), logger ?? NullLogger<KeyedHasher>.Instance);

    /// <summary>A unique key prefix, so tests sharing one redis-server never see each other's keys.</summary>
    public static string UniquePrefix() => $"test:{Guid.NewGuid():N}:";

    /// <summary>
    /// A connection as the service makes it. Tests that are not about timeouts get generous ones,
    /// so a busy test machine does not trip them. It is connected when returned (unless
    /// <paramref name="waitUntilConnected"/> is false): a busy machine may take longer than the
    /// connect timeout, and until then commands fail at once, as they do in the service.
    /// </summary>
    public static RedisConnection Connect(IRedisDeployment server, string prefix, TimeSpan? timeout = null, ILogger<RedisConnection>? logger = null, bool waitUntilConnected = true, int recordReplicas = 0)
    {
        var connection = new RedisConnection(Options.Create(new RedisOptions
        {
            Configuration = server.Configuration,
            KeyPrefix = prefix,
            ConnectTimeout = TimeSpan.FromMilliseconds(500),
            SyncTimeout = timeout ?? TimeSpan.FromSeconds(2),
            AsyncTimeout = timeout ?? TimeSpan.FromSeconds(2),
            RecordReplicas = recordReplicas,
            RecordReplicaTimeout = TimeSpan.FromMilliseconds(500),
        }), logger ?? NullLogger<RedisConnection>.Instance);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (waitUntilConnected && !connection.IsConnected)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(20))
            {
                connection.Dispose();
                throw new InvalidOperationException($"Not connected to {server.Configuration} within 20 s.");
            }

            Thread.Sleep(20);
        }

        return connection;
    }

    /// <summary>The breakers of one instance; with <paramref name="connection"/>, one per shard on a cluster, as in production.</summary>
    public static RedisBreakers Breaker(int failureThreshold = 3, TimeSpan? breakDuration = null, TimeProvider? time = null, ILogger<CircuitBreaker>? logger = null, RedisConnection? connection = null) =>
        new(failureThreshold, breakDuration ?? TimeSpan.FromMilliseconds(300), time ?? TimeProvider.System, logger ?? NullLogger<CircuitBreaker>.Instance, connection);

    /// <summary>A request full of personal data, as a real caller sends it.</summary>
    public static DiagnoseRequest PersonalRequest(string message = PersonalData.Message) => new()
    {
        Platform = "dayu",
        Code = "4001",
        Message = message,
        Document = new Document { Number = PersonalData.IdNumber, HolderName = PersonalData.Name },
        Locale = "zh-CN",
    };

    /// <summary>An answer like the engine's: guidance, no number, name or message of the user.</summary>
    public static DiagnoseResponse Answer(string ruleId = "dayu.face-mismatch-police-photo") => new()
    {
        Diagnosis = new Diagnosis
        {
            RuleId = ruleId,
            Platform = "dayu",
            Category = Category.FaceMismatch,
            Outcome = Outcome.FixAndRetry,
            Confidence = 0.97,
            MatchKind = MatchKind.Exact,
            Locale = "zh-CN",
            Title = "人脸与公安网照片不一致",
            Summary = "刷脸时的人脸与公安网留存的照片不一致。",
            CatalogVersion = "c-2026-1",
        },
    };

    public static Diagnosis Diagnosis(Outcome outcome, string platform = "dayu", DateTimeOffset? earliest = null, DateTimeOffset? latest = null, string ruleId = "dayu.rule") => new()
    {
        RuleId = ruleId,
        Platform = platform,
        Category = outcome == Outcome.WaitThenRetry ? Category.DataSync : Category.IdentityMismatch,
        Outcome = outcome,
        Retry = earliest is null ? null : new RetryWindow
        {
            Basis = RetryBasis.NaturalDays,
            MinDays = 1,
            MaxDays = 3,
            Earliest = Timestamp.FromDateTimeOffset(earliest.Value),
            Latest = Timestamp.FromDateTimeOffset(latest ?? earliest.Value),
            Anchor = RetryAnchor.OccurredAt,
        },
    };
}

/// <summary>Personal data the tests feed in and then look for where it must never be.</summary>
public static class PersonalData
{
    public const string IdNumber = "11010519491231002X";
    public const string Name = "张三丰";
    public const string Message = "刷脸时提示人脸和公安网照片不一致 张三丰 11010519491231002X";
    public const string CaseRef = "case-张三丰-11010519491231002X";

    public static readonly string[] All = [IdNumber, Name, Message, CaseRef];
}
