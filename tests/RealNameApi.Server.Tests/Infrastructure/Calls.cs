using Grpc.Core;

namespace RealNameApi.Server.Tests.Infrastructure;

/// <summary>Call options and request data shared by the tests.</summary>
public static class Calls
{
    /// <summary>大鱼号's prompt for a face that does not match the police photo.</summary>
    public const string FaceMismatch = "人脸与公安网照片不一致,请确保是账户本人操作";

    /// <summary>Every call of the tests has a deadline, so none can hang.</summary>
    public static CallOptions Options(TimeSpan? timeout = null, Metadata? headers = null) =>
        new(headers, DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10)));

    public static CallOptions AcceptLanguage(string value) => Options(headers: new Metadata { { "accept-language", value } });

    /// <summary>A unique case reference.</summary>
    public static string NewCaseRef(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>
    /// A random, well-formed 18-digit resident ID number (region 110101, a birth date in the
    /// 1980s, a random sequence and the ISO 7064 MOD 11-2 check character).
    /// </summary>
    public static string NewResidentIdNumber()
    {
        var birth = new DateOnly(1980, 1, 1).AddDays(Random.Shared.Next(3650));
        var body = $"110101{birth:yyyyMMdd}{Random.Shared.Next(100, 1000)}";
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = body.Select((c, i) => (c - '0') * weights[i]).Sum();
        return body + "10X98765432"[sum % 11];
    }
}
