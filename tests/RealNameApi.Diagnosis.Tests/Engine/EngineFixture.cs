using Google.Protobuf.WellKnownTypes;
using RealNameApi.Diagnosis.Engine;

namespace RealNameApi.Diagnosis.Tests.Engine;

/// <summary>The engine on the embedded catalog and calendar, as the service builds it, and request helpers.</summary>
internal static class EngineFixture
{
    public static readonly DiagnosisEngine Service = DiagnosisEngine.Create();

    /// <summary>A moment given in Shanghai time, for example <c>2026-09-30T10:00</c>.</summary>
    public static Timestamp Shanghai(string local) =>
        Timestamp.FromDateTimeOffset(new DateTimeOffset(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromHours(8)));

    public static DateOnly Day(string date) => DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);

    public static Google.Type.Date Date(int year, int month, int day) => new() { Year = year, Month = month, Day = day };

    public static DateTimeOffset ToShanghai(Timestamp t) => t.ToDateTimeOffset().ToOffset(TimeSpan.FromHours(8));
}
