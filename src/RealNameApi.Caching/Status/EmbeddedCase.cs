using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using RealNameApi.Contracts.V1;

namespace RealNameApi.Caching.Status;

/// <summary>
/// One case of the embedded store, immutable once made so readers need no lock: the record as
/// protobuf bytes (without the case id and platform, kept here once) rather than an object graph,
/// which is about a third of the memory, plus the few numbers the indexes sort and filter by.
/// </summary>
internal sealed class EmbeddedCase
{
    /// <summary>
    /// What a case holds beyond its record bytes and id, in bytes: the entry itself, its slot in
    /// the case map and its nodes in the listing, expiry and opening indexes (320, measured on .NET 10
    /// x64; see the store benchmark), and its node in its tenant's expiry order (48, a SortedSet
    /// node's layout on x64: header, item, two children and colour; not measured).
    /// </summary>
    public const int Overhead = 368;

    private EmbeddedCase(string tenant, string caseId, string platform, VerificationState recordedState, long updatedMs, long createdTicks, long opensMs, long expiresMs, byte[] record)
    {
        Tenant = tenant;
        CaseId = caseId;
        Platform = platform;
        RecordedState = recordedState;
        UpdatedMs = updatedMs;
        CreatedTicks = createdTicks;
        OpensMs = opensMs;
        ExpiresMs = expiresMs;
        Record = record;
    }

    /// <summary>Newest update first; among equal times the greater case id first, as Redis orders a reversed sorted set.</summary>
    public static IComparer<EmbeddedCase> NewestFirst { get; } = Comparer<EmbeddedCase>.Create(
        static (a, b) => CaseRecords.NewestFirst(a.UpdatedMs, a.CaseId, b.UpdatedMs, b.CaseId));

    /// <summary>
    /// The retention order: the case that expires first comes first; of cases expiring in the same
    /// millisecond (many, under a burst of records), the one recorded first.
    /// </summary>
    public static IComparer<EmbeddedCase> ExpiresFirst { get; } = Comparer<EmbeddedCase>.Create(
        static (a, b) => a.ExpiresMs != b.ExpiresMs ? a.ExpiresMs.CompareTo(b.ExpiresMs)
            : a.Sequence != b.Sequence ? a.Sequence.CompareTo(b.Sequence)
            : ByIdentity(a, b));

    /// <summary>Waiting cases, the one whose window opens first first.</summary>
    public static IComparer<EmbeddedCase> OpensFirst { get; } = Comparer<EmbeddedCase>.Create(
        static (a, b) => a.OpensMs != b.OpensMs ? a.OpensMs.CompareTo(b.OpensMs) : ByIdentity(a, b));

    /// <summary>The id of the tenant's namespace the case belongs to (<see cref="Keys.TenantNamespace.Id"/>).</summary>
    public string Tenant { get; }

    public string CaseId { get; }

    public string Platform { get; }

    /// <summary>The state when recorded; a waiting case is ready to retry from <see cref="OpensMs"/>.</summary>
    public VerificationState RecordedState { get; }

    public long UpdatedMs { get; }

    public long CreatedTicks { get; }

    /// <summary>When a waiting case's window opens (unix ms); <see cref="long.MaxValue"/> for other cases.</summary>
    public long OpensMs { get; }

    public long ExpiresMs { get; }

    /// <summary>The store's count of records when this one was made: the order of recording.</summary>
    public long Sequence { get; private init; }

    /// <summary>The record without case id, platform and creation time.</summary>
    public byte[] Record { get; }

    /// <summary>The index (by state) the case is in now. Changed only by the store's writer, under its lock.</summary>
    public VerificationState Bucket { get; set; }

    /// <summary>What the case costs the store, by its estimate.</summary>
    public long Bytes => Overhead + Record.Length + (2L * CaseId.Length);

    /// <summary>A case made from a record (which has no creation time or state yet).</summary>
    public static EmbeddedCase Create(string tenant, VerificationStatus record, byte[] bytes, string platform, DateTimeOffset createdAt, DateTimeOffset now, DateTimeOffset expiresAt, long sequence)
    {
        var (state, opensAt) = VerificationStates.Compute(record.Outcome, record.Retry, now);
        return new EmbeddedCase(
            tenant,
            record.CaseId,
            platform,
            state,
            now.ToUnixTimeMilliseconds(),
            createdAt.UtcTicks,
            opensAt?.ToUnixTimeMilliseconds() ?? long.MaxValue,
            expiresAt.ToUnixTimeMilliseconds(),
            bytes)
        {
            Bucket = state,
            Sequence = sequence,
        };
    }

    /// <summary>The record's bytes as the store keeps them: without what the case holds itself.</summary>
    public static byte[] Serialize(VerificationStatus record)
    {
        var (caseId, platform, createdAt) = (record.CaseId, record.Platform, record.CreatedAt);
        record.CaseId = "";
        record.Platform = "";
        record.CreatedAt = null;
        var bytes = record.ToByteArray();
        (record.CaseId, record.Platform, record.CreatedAt) = (caseId, platform, createdAt);
        return bytes;
    }

    /// <summary>A stand-in that sorts where a page token's cursor is, for seeking the newest-first indexes.</summary>
    public static EmbeddedCase Cursor(long updatedMs, string caseId) =>
        new("", caseId, "", VerificationState.Unspecified, updatedMs, 0, long.MaxValue, long.MaxValue, []);

    // Two tenants may hold the same case id (a store's callers choose ids): the tenant decides then.
    private static int ByIdentity(EmbeddedCase a, EmbeddedCase b)
    {
        var byId = string.CompareOrdinal(a.CaseId, b.CaseId);
        return byId != 0 ? byId : string.CompareOrdinal(a.Tenant, b.Tenant);
    }

    /// <summary>Whether the case is still kept at <paramref name="nowMs"/>.</summary>
    public bool IsLiveAt(long nowMs) => ExpiresMs > nowMs;

    /// <summary>The case's state at <paramref name="nowMs"/>, without reading its record.</summary>
    public VerificationState StateAt(long nowMs) =>
        RecordedState == VerificationState.Waiting && OpensMs <= nowMs ? VerificationState.ReadyToRetry : RecordedState;

    /// <summary>The case's status at <paramref name="now"/>.</summary>
    public VerificationStatus StatusAt(DateTimeOffset now)
    {
        var recorded = VerificationStatus.Parser.ParseFrom(Record);
        recorded.CaseId = CaseId;
        recorded.Platform = Platform;
        recorded.CreatedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(CreatedTicks, TimeSpan.Zero));
        return VerificationStates.At(recorded, now);
    }
}
