namespace RealNameApi.Diagnosis.Catalog;

/// <summary>One fault in a catalog file, naming where it is so it can be fixed without a search.</summary>
/// <param name="File">The platform file, for example <c>dayu.yaml</c>.</param>
/// <param name="Rule">The rule id (or <c>rules[3]</c> when the rule has no id), or null for platform-level fields.</param>
/// <param name="Field">The field path within the rule or file, for example <c>steps[2].text.en</c>.</param>
/// <param name="Message">What is wrong.</param>
public sealed record CatalogError(string File, string? Rule, string Field, string Message)
{
    /// <inheritdoc />
    public override string ToString() =>
        Rule is null ? $"{File}: {Field}: {Message}" : $"{File}: rule {Rule}: {Field}: {Message}";
}

/// <summary>The catalog data is invalid; <see cref="Errors"/> lists every fault found, not just the first.</summary>
public sealed class CatalogLoadException : Exception
{
    /// <summary>Creates the exception from the faults found.</summary>
    public CatalogLoadException(IReadOnlyList<CatalogError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public CatalogLoadException()
        : this([])
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    public CatalogLoadException(string message)
        : base(message)
    {
        Errors = [];
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public CatalogLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>Every fault found in the catalog files.</summary>
    public IReadOnlyList<CatalogError> Errors { get; }

    private static string Describe(IReadOnlyList<CatalogError> errors) =>
        $"The failure catalog has {errors.Count} error(s):" + Environment.NewLine
        + string.Join(Environment.NewLine, errors.Select(e => "  " + e));
}
