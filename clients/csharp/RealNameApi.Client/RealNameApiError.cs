using Google.Rpc;
using Grpc.Core;

namespace RealNameApi.Client;

/// <summary>
/// A failed call's rich status (<c>google.rpc.Status</c> from <c>grpc-status-details-bin</c>),
/// decoded: which fields were wrong, why, a message for end users, and when to retry.
/// </summary>
/// <param name="Code">The gRPC status code.</param>
/// <param name="Message">The status message, in English, for developers.</param>
/// <param name="BadRequest">The field violations, or null.</param>
/// <param name="ErrorInfo">The reason (for example <c>PLATFORM_NOT_FOUND</c>) in domain <c>realname.v1</c>, or null.</param>
/// <param name="RetryInfo">How long to wait before retrying, or null when a retry will not help.</param>
/// <param name="LocalizedMessage">A message for end users in the call's locale, or null.</param>
public sealed record RealNameApiError(StatusCode Code, string Message, BadRequest? BadRequest, ErrorInfo? ErrorInfo, RetryInfo? RetryInfo, LocalizedMessage? LocalizedMessage)
{
    /// <summary>The <c>ErrorInfo.domain</c> of the service's own errors.</summary>
    public const string Domain = "realname.v1";

    /// <summary>The field violations, empty when there are none.</summary>
    public IReadOnlyList<BadRequest.Types.FieldViolation> FieldViolations => BadRequest?.FieldViolations ?? (IReadOnlyList<BadRequest.Types.FieldViolation>)[];

    /// <summary>The retry delay, or null.</summary>
    public TimeSpan? RetryDelay => RetryInfo?.RetryDelay?.ToTimeSpan();

    /// <summary>For PLATFORM_NOT_FOUND, the platform ids the server knows; else empty.</summary>
    public IReadOnlyList<string> ValidPlatforms =>
        ErrorInfo?.Metadata.TryGetValue("platforms", out var platforms) == true ? platforms.Split(',', StringSplitOptions.RemoveEmptyEntries) : [];

    /// <summary>
    /// The error of a failed call. A call that failed before reaching the service (no connection,
    /// deadline) carries no rich status: then only <see cref="Code"/> and <see cref="Message"/> are set.
    /// </summary>
    public static RealNameApiError From(RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var status = exception.GetRpcStatus();
        return new RealNameApiError(
            exception.StatusCode,
            status?.Message ?? exception.Status.Detail,
            status?.GetDetail<BadRequest>(),
            status?.GetDetail<ErrorInfo>(),
            status?.GetDetail<RetryInfo>(),
            status?.GetDetail<LocalizedMessage>());
    }
}

/// <summary>Reading the rich status of an <see cref="RpcException"/>.</summary>
public static class RpcExceptionExtensions
{
    /// <summary>The decoded rich status of the failed call.</summary>
    public static RealNameApiError ToRealNameApiError(this RpcException exception) => RealNameApiError.From(exception);
}
