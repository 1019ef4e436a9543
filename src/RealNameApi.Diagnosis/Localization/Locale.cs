namespace RealNameApi.Diagnosis.Localization;

/// <summary>The locales the catalog's texts are written in.</summary>
public enum Locale
{
    /// <summary>Simplified Chinese, the default.</summary>
    ZhCN,

    /// <summary>English.</summary>
    En,
}

/// <summary>Locale names on the wire and how a request's locale is chosen.</summary>
public static class Locales
{
    /// <summary>Returns the wire name of a locale: <c>zh-CN</c> or <c>en</c>.</summary>
    public static string Name(this Locale locale) => locale == Locale.En ? "en" : "zh-CN";

    /// <summary>
    /// Chooses the locale from the request's <c>locale</c> field, else the <c>accept-language</c>
    /// header (first supported language by quality), else zh-CN. Unsupported languages fall back
    /// rather than fail: a caller asking for <c>fr</c> still gets an answer.
    /// </summary>
    public static Locale Resolve(string? requested, string? acceptLanguage)
    {
        if (TryParse(requested, out var locale))
        {
            return locale;
        }

        if (!string.IsNullOrWhiteSpace(acceptLanguage))
        {
            var best = (Locale?)null;
            var bestQuality = 0.0;
            foreach (var part in acceptLanguage.Split(','))
            {
                var pieces = part.Split(';');
                var quality = 1.0;
                foreach (var parameter in pieces.AsSpan(1))
                {
                    var p = parameter.Trim();
                    if (p.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
                        && !double.TryParse(p.AsSpan(2), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out quality))
                    {
                        quality = 0;
                    }
                }

                if (quality > bestQuality && TryParse(pieces[0], out var candidate))
                {
                    best = candidate;
                    bestQuality = quality;
                }
            }

            if (best is { } chosen)
            {
                return chosen;
            }
        }

        return Locale.ZhCN;
    }

    /// <summary>Parses a language tag: any <c>zh</c> tag is zh-CN, any <c>en</c> tag is en.</summary>
    public static bool TryParse(string? tag, out Locale locale)
    {
        var language = tag.AsSpan().Trim();
        var dash = language.IndexOfAny('-', '_');
        if (dash >= 0)
        {
            language = language[..dash];
        }

        if (language.Equals("zh", StringComparison.OrdinalIgnoreCase))
        {
            locale = Locale.ZhCN;
            return true;
        }

        if (language.Equals("en", StringComparison.OrdinalIgnoreCase))
        {
            locale = Locale.En;
            return true;
        }

        locale = Locale.ZhCN;
        return false;
    }
}
