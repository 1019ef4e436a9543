namespace RealNameApi.Caching.Status;

/// <summary>
/// The status store cannot be reached now (Redis down, slow, or bypassed by the circuit
/// breaker). The server answers UNAVAILABLE; the message names no case.
/// </summary>
public sealed class StatusStoreUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StatusStoreUnavailableException()
        : base("The verification status store is unavailable.")
    {
    }

    /// <summary>Creates the exception with the failure that caused it.</summary>
    public StatusStoreUnavailableException(Exception innerException)
        : base("The verification status store is unavailable.", innerException)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StatusStoreUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
