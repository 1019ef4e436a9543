namespace RealNameApi.Diagnosis.Localization;

/// <summary>A text in every supported locale. English falls back to Chinese when missing.</summary>
public readonly record struct LocalizedText(string ZhCN, string En)
{
    /// <summary>The text in <paramref name="locale"/>, or in Chinese when that one is empty.</summary>
    public string For(Locale locale) => locale == Locale.En && !string.IsNullOrEmpty(En) ? En : ZhCN;
}
