using RealNameApi.Diagnosis.Localization;

namespace RealNameApi.Diagnosis.Catalog;

// Reading single fields, each fault recorded against the current file, rule and field.
internal sealed partial class CatalogFileReader
{
    private List<LocalizedText> Texts(List<TextYaml?>? texts, string field)
    {
        var result = new List<LocalizedText>();
        for (var i = 0; i < (texts?.Count ?? 0); i++)
        {
            result.Add(Text(texts![i], $"{field}[{i}]", required: true));
        }

        return result;
    }

    // A text needs both locales: an English caller must never get Chinese by accident of the data.
    private LocalizedText Text(TextYaml? text, string field, bool required)
    {
        if (text is null)
        {
            if (required)
            {
                Error(field, "is required (zh and en)");
            }

            return new LocalizedText("", "");
        }

        if (string.IsNullOrWhiteSpace(text.Zh))
        {
            Error(field + ".zh", "is required");
        }

        if (string.IsNullOrWhiteSpace(text.En))
        {
            Error(field + ".en", "is required");
        }

        return new LocalizedText(text.Zh?.Trim() ?? "", text.En?.Trim() ?? "");
    }

    private string Required(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Error(field, "is required");
            return "";
        }

        return value;
    }

    private T Enum<T>(string? value, string field)
        where T : struct, Enum
    {
        if (value is null)
        {
            Error(field, "is required");
        }
        else if (!ProtoEnums.TryParse<T>(value, out var parsed))
        {
            Error(field, $"'{value}' is not one of {ProtoEnums.Allowed<T>()}");
        }
        else
        {
            return parsed;
        }

        return default;
    }

    private void Error(string field, string message) => _errors.Add(new CatalogError(_file, _rule, field, message));
}
