using RealNameApi.Diagnosis.Validation;

namespace RealNameApi.Diagnosis.Engine;

/// <summary>An engine answer: the value, or the request error that prevented it. Never both.</summary>
/// <typeparam name="T">The answer's message type.</typeparam>
public readonly record struct EngineResult<T>
    where T : class
{
    internal EngineResult(T? value, RequestError? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The answer, when the request was valid.</summary>
    public T? Value { get; }

    /// <summary>Why there is no answer, when the request was not valid.</summary>
    public RequestError? Error { get; }

    /// <summary>True when <see cref="Value"/> holds the answer.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Value))]
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Error))]
    public bool IsOk => Error is null;
}
