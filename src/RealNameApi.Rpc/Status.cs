namespace RealNameApi.Rpc;

/// <summary>The outcome of a call: a code and a human-readable detail (the <c>grpc-message</c>).</summary>
/// <param name="Code">The status code.</param>
/// <param name="Detail">The message for developers; never personal data.</param>
public readonly record struct Status(StatusCode Code, string Detail)
{
    /// <summary>The status of a successful call.</summary>
    public static readonly Status Ok = new(StatusCode.OK, "");

    /// <inheritdoc />
    public override string ToString() => $"Status(StatusCode=\"{Code}\", Detail=\"{Detail}\")";
}
