namespace RealNameApi.Diagnosis.Validation;

/// <summary>The size limits of request fields; lengths count Unicode characters, not bytes.</summary>
public static class RequestLimits
{
    /// <summary>The longest failure message.</summary>
    public const int MessageLength = 4096;

    /// <summary>The longest platform error code.</summary>
    public const int CodeLength = 64;

    /// <summary>The longest case reference.</summary>
    public const int CaseRefLength = 128;

    /// <summary>The longest platform id.</summary>
    public const int PlatformLength = 64;

    /// <summary>The longest locale tag.</summary>
    public const int LocaleLength = 35;

    /// <summary>The longest holder name, in either name field.</summary>
    public const int HolderNameLength = 128;

    /// <summary>The longest document number.</summary>
    public const int NumberLength = 64;

    /// <summary>The most files per document.</summary>
    public const int Files = 8;

    /// <summary>The longest file name.</summary>
    public const int FileNameLength = 255;

    /// <summary>The most leading bytes of a file.</summary>
    public const int LeadingBytes = 64;

    /// <summary>The longest telephone country code.</summary>
    public const int PhoneCountryCodeLength = 8;

    /// <summary>The most items in a batch.</summary>
    public const int BatchItems = 100;

    /// <summary>The largest page of rules.</summary>
    public const int MaxPageSize = 100;

    /// <summary>The page size when none is asked for.</summary>
    public const int DefaultPageSize = 50;
}
