using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using RealNameApi.Contracts.V1;
using RealNameApi.Diagnosis.Engine;
using RealNameApi.Diagnosis.Localization;

namespace RealNameApi.Diagnosis.Benchmarks;

/// <summary>
/// Diagnoses per second and bytes allocated per diagnosis on the embedded catalog, for a mixed
/// set of messages (exact prompts, paraphrases, unknown text, with and without a document) and
/// for each kind alone, plus text as users type it (traditional, a homophone typo, English) and
/// the rpc-echo benchmark's cache-miss request (answered in English, for a person, with an error
/// code no rule knows). Each benchmark runs its whole set per invocation and reports per
/// diagnosis (OperationsPerInvoke), so "Op/s" is diagnoses per second on one thread.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class DiagnoseBenchmarks
{
    private static readonly DateOnly Today = new(2026, 9, 30);

    private static readonly DiagnoseRequest[] Exact =
    [
        new() { Platform = "dayu", Message = "人脸与公安网照片不一致,请确保是账户本人操作" },
        new() { Platform = "dayu", Message = "失败提示:根据平台违规管理规则,您的认证主体【张三】,不可作为大鱼号的有效主体" },
        new() { Platform = "aliyun-domain", Message = "注册联系人信息有误,请检测:XML schema validation failed" },
        new() { Platform = "aliyun-domain", Message = "注册者身份有效性验证失败", OccurredAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 9, 30, 10, 0, 0, TimeSpan.FromHours(8))) },
    ];

    private static readonly DiagnoseRequest[] Paraphrases =
    [
        new() { Platform = "dayu", Message = "刷脸时提示人脸和公安网照片不一致" },
        new() { Platform = "dayu", Message = "用支付宝扫二维码显示“未知客户端”" },
        new() { Platform = "aliyun-domain", Message = "身份有效性验证没通过" },
        new() { Platform = "aliyun-domain", Message = "图片要在55KB到5MB之间" },
    ];

    private static readonly DiagnoseRequest[] Unknown =
    [
        new() { Platform = "dayu", Message = "认证失败" },
        new() { Platform = "aliyun-domain", Message = "系统繁忙，请稍后再试" },
    ];

    private static readonly DiagnoseRequest[] WithDocument =
    [
        new()
        {
            Platform = "aliyun-domain",
            Message = "证件电子信息核验不合格",
            Document = new Document
            {
                Type = DocumentType.ResidentIdCard,
                Number = "11010519491231002X",
                HolderName = "张三",
                IssueDate = new Google.Type.Date { Year = 2026, Month = 9, Day = 25 },
                LongTerm = true,
                Files = { new DocumentFile { FileName = "front.jpg", SizeBytes = 800_000, DetectedFormat = ImageFormat.Jpeg, ColorMode = ColorMode.Color } },
            },
        },
        new()
        {
            Platform = "dayu",
            Message = "此主体证件号最多可关联1个人个人类型大鱼号,请更换其他有效主体重新认证",
            Document = new Document { Type = DocumentType.ResidentIdCard, Number = "34052419800101001X" },
            Subject = new Subject { Type = SubjectType.Person, AccountsHeld = 1 },
        },
    ];

    // What users really type: traditional characters, a homophone typo (read by sound), English.
    private static readonly DiagnoseRequest[] AsTyped =
    [
        new() { Platform = "dayu", Message = "人臉與公安網照片不一致,請確保是帳戶本人操作" },
        new() { Platform = "dayu", Message = "人脸与公按网照片不一至" },
        new() { Platform = "aliyun-domain", Message = "Registrant identity validity verification failed" },
        new() { Platform = "dayu", Message = "Something went wrong, please try again later" },
    ];

    // tests/benchmarks/rpc-echo/DiagnoseLoad's miss request: 大鱼号's face-mismatch prompt answered in
    // English for a person, its code counting up (B101, B102, ...) so that each is a new cache key;
    // no rule knows the code, so the matcher goes on to the message. The same prompt typed in
    // English, with such a code, is the second shape.
    private static readonly DiagnoseRequest[] ServerMissRequests =
    [
        new() { Platform = "dayu", Code = "B101", Message = "人脸与公安网照片不一致,请确保是账户本人操作", Locale = "en", Subject = new Subject { Type = SubjectType.Person } },
        new() { Platform = "dayu", Code = "B102", Message = "人脸与公安网照片不一致,请确保是账户本人操作", Locale = "en", Subject = new Subject { Type = SubjectType.Person } },
    ];

    private static readonly DiagnoseRequest[] EnglishUnknownCodeRequests =
    [
        new() { Platform = "dayu", Code = "B101", Message = "Face does not match the photo of the public security network, please make sure the account owner is operating", Locale = "en", Subject = new Subject { Type = SubjectType.Person } },
        new() { Platform = "dayu", Code = "B102", Message = "face does not match the police photo", Locale = "en", Subject = new Subject { Type = SubjectType.Person } },
    ];

    private static readonly DiagnoseRequest[] Mixed = [.. Exact, .. Paraphrases, .. Unknown, .. WithDocument];

    private readonly DiagnosisEngine _engine = DiagnosisEngine.Create();

    [Benchmark(Baseline = true, OperationsPerInvoke = 12)]
    public int MixedSet() => Run(Mixed);

    [Benchmark(OperationsPerInvoke = 4)]
    public int ExactPrompts() => Run(Exact);

    [Benchmark(OperationsPerInvoke = 4)]
    public int Paraphrased() => Run(Paraphrases);

    [Benchmark(OperationsPerInvoke = 2)]
    public int UnknownText() => Run(Unknown);

    [Benchmark(OperationsPerInvoke = 2)]
    public int WithDocuments() => Run(WithDocument);

    [Benchmark(OperationsPerInvoke = 4)]
    public int AsUsersType() => Run(AsTyped);

    [Benchmark(OperationsPerInvoke = 2)]
    public int ServerMiss() => Run(ServerMissRequests, Locale.En);

    [Benchmark(OperationsPerInvoke = 2)]
    public int EnglishUnknownCode() => Run(EnglishUnknownCodeRequests, Locale.En);

    private int Run(DiagnoseRequest[] requests, Locale locale = Locale.ZhCN)
    {
        var steps = 0;
        foreach (var request in requests)
        {
            steps += _engine.Diagnose(request, locale, Today).Value!.Steps.Count;
        }

        return steps;
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(StatisticColumn.OperationsPerSecond);
    }
}
