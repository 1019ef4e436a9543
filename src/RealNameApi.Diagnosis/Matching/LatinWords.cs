using System.Collections.Frozen;

namespace RealNameApi.Diagnosis.Matching;

/// <summary>
/// Latin words that the normal form reads as Chinese: the pinyin initialisms users type for the
/// words of a verification failure (sfz for 身份证, rlsb for 人脸识别), and, inside a Chinese
/// text, whole pinyin words (gongan for 公安) and the English words a bilingual writer puts in
/// its place ("registrant document 不清晰", "face 和身份证上的 portrait 不一致"). A message wholly
/// in English keeps its words: it is read as English (<see cref="EnglishText"/>).
/// </summary>
/// <remarks>
/// Only whole runs of Latin letters are read this way ("sfz号", never the "rl" of "world"), and
/// no word stands for more characters than it has letters (an initialism has one per syllable),
/// so the normal form fits where the text was. Left out on purpose: the words of the registry's
/// error strings the catalog matches as written (command, syntax, error, xml, schema,
/// validation, failed), and words whose Chinese depends on the next word (id, card, code), read
/// only in pairs ("ID card", "QR code"). The lists are ours: no maintained table of chat
/// abbreviations, pinyin spellings or code-mixed words exists.
/// </remarks>
internal static class LatinWords
{
    private static readonly FrozenDictionary<string, string> Initialisms = Checked(MaxInitialismLength, new Dictionary<string, string>(StringComparer.Ordinal)
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
        ["xm"] = "姓名",
        ["zj"] = "证件",
        ["zjh"] = "证件号",
    });

    // Whole pinyin words typed for the characters a writer could not or did not pick
    // ("gongan网照片"): read in a Chinese text only, as English words are.
    private static readonly FrozenDictionary<string, string> PinyinWords = Checked(MaxLength, new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["gongan"] = "公安",
        ["gonganwang"] = "公安网",
        ["shenfenzheng"] = "身份证",
        ["renlian"] = "人脸",
        ["shualian"] = "刷脸",
        ["shiming"] = "实名",
        ["renzheng"] = "认证",
        ["yanzheng"] = "验证",
        ["xingming"] = "姓名",
        ["zhengjian"] = "证件",
        ["zhaopian"] = "照片",
        ["touxiang"] = "头像",
        ["yuming"] = "域名",
        ["shibai"] = "失败",
        ["taobao"] = "淘宝",
        ["erweima"] = "二维码",
        ["dayuhao"] = "大鱼号",
        ["zhifubao"] = "支付宝",
        ["buyizhi"] = "不一致",
        ["butongguo"] = "不通过",
        ["bupipei"] = "不匹配",
        ["kongbai"] = "空白",
        ["shangxian"] = "上限",
        ["ruzhu"] = "入驻",
        ["zhuti"] = "主体",
        ["cailiao"] = "材料",
        ["kehuduan"] = "客户端",
        ["haoma"] = "号码",
        ["shangchuan"] = "上传",
        ["geshi"] = "格式",
        ["mohu"] = "模糊",
        ["shenhe"] = "审核",
        ["zhanghao"] = "账号",
    });

    private static readonly FrozenDictionary<string, string> EnglishWords = Checked(MaxLength, new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["face"] = "人脸",
        ["facial"] = "人脸",
        ["photo"] = "照片",
        ["photos"] = "照片",
        ["picture"] = "照片",
        ["image"] = "图片",
        ["portrait"] = "头像",
        ["avatar"] = "头像",
        ["document"] = "证件",
        ["documents"] = "证件",
        ["doc"] = "证件",
        ["material"] = "材料",
        ["materials"] = "材料",
        ["info"] = "信息",
        ["information"] = "信息",
        ["registrant"] = "注册者",
        ["subject"] = "主体",
        ["account"] = "账号",
        ["owner"] = "本人",
        ["name"] = "姓名",
        ["number"] = "号码",
        ["upload"] = "上传",
        ["uploaded"] = "上传",
        ["uploading"] = "上传",
        ["submit"] = "提交",
        ["submitted"] = "提交",
        ["page"] = "页面",
        ["network"] = "网络",
        ["transmission"] = "传输",
        ["verify"] = "验证",
        ["verified"] = "验证",
        ["verification"] = "验证",
        ["certification"] = "认证",
        ["authentication"] = "认证",
        ["link"] = "关联",
        ["linked"] = "关联",
        ["bind"] = "绑定",
        ["bound"] = "绑定",
        ["scan"] = "扫描",
        ["police"] = "公安",
        ["domain"] = "域名",
        ["contact"] = "联系人",
        ["format"] = "格式",
        ["size"] = "大小",
        ["limit"] = "上限",
        ["check"] = "检查",
        ["correct"] = "正确",
        ["multiple"] = "多次",
        ["blank"] = "空白",
        ["blurry"] = "模糊",
        ["unclear"] = "不清晰",
        ["incomplete"] = "不完整",
        ["mismatch"] = "不一致",
        ["inconsistent"] = "不一致",
        ["consistent"] = "一致",
        ["match"] = "匹配",
        ["not"] = "不",
        ["stuck"] = "卡住",
        ["client"] = "客户端",
        ["unknown"] = "未知",
        ["qr"] = "二维",
    });

    // Two English words for one Chinese word, keyed by the words and one space ("ID card").
    private static readonly FrozenDictionary<string, string> EnglishPairs = Checked((2 * MaxLength) + 1, new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["id card"] = "身份证",
        ["id number"] = "身份证号",
        ["id photo"] = "身份证照片",
        ["qr code"] = "二维码",
        ["real name"] = "实名",
        ["domain name"] = "域名",
        ["business license"] = "营业执照",
        ["start page"] = "初始页面",
        ["home page"] = "首页",
    });

    private static readonly FrozenSet<string> PairStarts = EnglishPairs.Keys.Select(k => k[..k.IndexOf(' ', StringComparison.Ordinal)]).ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> PairLookup = EnglishPairs.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> PairStartLookup = PairStarts.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> InitialismLookup = Initialisms.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> EnglishLookup = EnglishWords.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> PinyinLookup = PinyinWords.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The longest word of the lists, in letters.</summary>
    public const int MaxLength = 14;

    /// <summary>The longest initialism, in letters.</summary>
    public const int MaxInitialismLength = 4;

    // The normal form is written where the text was: a word that stood for more characters than
    // it has letters would overrun it, and one longer than its list's limit would never be read,
    // so such a list fails at start-up, not on some message.
    private static FrozenDictionary<string, string> Checked(int maxLength, Dictionary<string, string> words)
    {
        foreach (var (word, characters) in words)
        {
            if (word.Length > maxLength)
            {
                throw new InvalidOperationException($"The Latin word '{word}' is longer than its list's {maxLength} letters.");
            }

            if (characters.Length > word.Count(char.IsAsciiLetter))
            {
                throw new InvalidOperationException($"The Latin word '{word}' stands for more characters than it has letters.");
            }
        }

        return words.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Whether <paramref name="lowerCaseRun"/> may be the first of two words read as one (id of "ID card").</summary>
    public static bool StartsPair(ReadOnlySpan<char> lowerCaseRun) => PairStartLookup.Contains(lowerCaseRun);

    /// <summary>The characters two words stand for in a Chinese text, given as the words and one space.</summary>
    public static bool TryReadPair(ReadOnlySpan<char> lowerCaseWords, out string characters) =>
        PairLookup.TryGetValue(lowerCaseWords, out characters!);

    /// <summary>
    /// The characters <paramref name="lowerCaseRun"/> stands for: an initialism anywhere, an
    /// English or pinyin word only in a text that has Chinese characters (<paramref name="inChineseText"/>).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<char> lowerCaseRun, bool inChineseText, out string characters) =>
        InitialismLookup.TryGetValue(lowerCaseRun, out characters!)
        || (inChineseText && (EnglishLookup.TryGetValue(lowerCaseRun, out characters!) || PinyinLookup.TryGetValue(lowerCaseRun, out characters!)));
}
