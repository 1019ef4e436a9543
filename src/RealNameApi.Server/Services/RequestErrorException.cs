using RealNameApi.Diagnosis.Localization;
using RealNameApi.Diagnosis.Validation;

namespace RealNameApi.Server.Services;

/// <summary>
/// A request the engine turned down, thrown by a service and answered by
/// <see cref="Interceptors.ErrorInterceptor"/> in the richer error model. Its message is the
/// engine's, which never holds a value from the request.
/// </summary>
public sealed class RequestErrorException : Exception
{
    public RequestErrorException(RequestError error, Locale locale)
        : base(error.Message)
    {
        Error = error;
        Locale = locale;
    }

    public RequestErrorException()
        : this(RequestError.Invalid([]), Locale.ZhCN)
    {
    }

    public RequestErrorException(string message)
        : this(message, null)
    {
    }

    public RequestErrorException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Error = RequestError.Invalid([]);
        Locale = Locale.ZhCN;
    }

    /// <summary>What was wrong, field by field.</summary>
    public RequestError Error { get; }

    /// <summary>The locale of the caller, for the <c>LocalizedMessage</c>.</summary>
    public Locale Locale { get; }
}
