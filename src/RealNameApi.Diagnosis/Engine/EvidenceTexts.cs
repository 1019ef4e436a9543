using RealNameApi.Diagnosis.Localization;

namespace RealNameApi.Diagnosis.Engine;

/// <summary>The texts of diagnoses that no catalog rule words: decided by the document or by an account limit alone.</summary>
internal static class EvidenceTexts
{
    public static readonly LocalizedText DocumentTitle = new("证件信息需要先处理", "The document needs attention first");

    public static readonly LocalizedText DocumentSummary = new(
        "证件检查发现了足以导致这次认证失败的问题,请先按下面的步骤处理证件,再重新认证。",
        "The document checks found what explains this failure; deal with the document as the steps below say, then verify again.");

    public static readonly LocalizedText LimitTitle = new("该主体的账号数量已达上限", "The subject has reached its account limit");
}
