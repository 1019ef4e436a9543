using Google.Protobuf.WellKnownTypes;

namespace RealNameApi.Diagnosis.Time;

/// <summary>
/// Dates in Asia/Shanghai. Mainland China has no daylight saving, so the zone is a fixed
/// UTC+8 offset; using the offset directly keeps the engine independent of the machine's tz data.
/// </summary>
public static class ShanghaiTime
{
    /// <summary>The offset of Asia/Shanghai from UTC.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The Shanghai calendar date at <paramref name="instant"/>.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    /// <summary>The Shanghai calendar date at <paramref name="timestamp"/>.</summary>
    public static DateOnly DateOf(Timestamp timestamp) => DateOf(timestamp.ToDateTimeOffset());

    /// <summary>Midnight at the start of <paramref name="date"/> in Shanghai.</summary>
    public static DateTimeOffset StartOf(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), Offset);

    /// <summary>Midnight at the start of <paramref name="date"/> in Shanghai, as a protobuf Timestamp.</summary>
    public static Timestamp StartOfDayTimestamp(DateOnly date) => Timestamp.FromDateTimeOffset(StartOf(date));
}
