namespace RealNameApi.Caching.Status;

/// <summary>
/// A list query field is invalid. The server answers INVALID_ARGUMENT with a field violation
/// on <see cref="Field"/>.
/// </summary>
public sealed class StatusQueryException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="field">The request field at fault, as a field path: <c>page_size</c>, <c>page_token</c>, <c>platform</c>.</param>
    /// <param name="description">What is wrong with it; never the field's value.</param>
    public StatusQueryException(string field, string description)
        : base(description)
    {
        Field = field;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public StatusQueryException()
        : this("", "The query is invalid.")
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    public StatusQueryException(string message)
        : this("", message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public StatusQueryException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "";
    }

    /// <summary>The request field at fault, as a field path.</summary>
    public string Field { get; }
}
