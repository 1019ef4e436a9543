using System.Collections.Frozen;

namespace RealNameApi.Diagnosis.Matching;

/// <summary>
/// The pinyin initialisms users type for the words of a verification failure: sfz for 身份证,
/// rlsb for 人脸识别. One letter stands for one syllable, so an initialism is exactly as long as
/// the characters it stands for, and the normal form can hold either in the same place.
/// </summary>
/// <remarks>
/// Only whole runs of Latin letters are read this way ("sfz号", "sfz 照片", never the "rl" of
/// "world"), and only initialisms that are no English word: a message in English keeps its
/// words. The list is ours: no maintained table of chat abbreviations exists to take it from.
/// </remarks>
internal static class PinyinInitialisms
{
    private static readonly FrozenDictionary<string, string> Words = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["sfz"] = "身份证",
        ["sfzh"] = "身份证号",
        ["smrz"] = "实名认证",
        ["rz"] = "认证",
        ["rzsb"] = "认证失败",
        ["yz"] = "验证",
        ["yzsb"] = "验证失败",
        ["rlsb"] = "人脸识别",
        ["rl"] = "人脸",
        ["yyzz"] = "营业执照",
        ["ym"] = "域名",
        ["gaw"] = "公安网",
        ["sjh"] = "手机号",
        ["yzm"] = "验证码",
        ["zfb"] = "支付宝",
        ["ewm"] = "二维码",
        ["dyh"] = "大鱼号",
        ["tb"] = "淘宝",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup = Words.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The longest initialism, in letters.</summary>
    public const int MaxLength = 4;

    /// <summary>The characters <paramref name="lowerCaseRun"/> stands for, when it is a known initialism.</summary>
    public static bool TryExpand(ReadOnlySpan<char> lowerCaseRun, out string characters) =>
        Lookup.TryGetValue(lowerCaseRun, out characters!);
}
