using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using RealNameApi.Diagnosis.Localization;
using RealNameApi.Diagnosis.Validation;
using RealNameApi.Rpc;
using Status = RealNameApi.Rpc.Status;

namespace RealNameApi.Server.Services;

/// <summary>The errors the services answer with, in the richer error model, localized for the caller.</summary>
internal static class RpcErrors
{
    /// <summary>
    /// The engine's verdict on a bad request as the call's failure: the status with
    /// <c>ErrorInfo</c>, <c>BadRequest</c> and a <c>LocalizedMessage</c> in the caller's locale.
    /// </summary>
    public static RpcException From(RequestError error, Locale locale)
    {
        var details = error.ToStatus();
        details.Details.Add(Any.Pack(new LocalizedMessage { Locale = locale.Name(), Message = Localize(error, locale) }));
        return new RpcException(new Status((StatusCode)error.StatusCode, error.Message), details, null);
    }

    /// <summary>An INVALID_ARGUMENT on one field, for checks the services make themselves.</summary>
    public static RpcException InvalidField(string field, string description, Locale locale) =>
        From(RequestError.Invalid([new FieldViolation(field, description)]), locale);

    /// <summary>NOT_FOUND for a case that was never recorded or whose record expired.</summary>
    public static RpcException CaseNotFound(Locale locale) => new(StatusCode.NotFound, "No case is recorded under this case_ref.", details => details
        .SetErrorInfo("CASE_NOT_FOUND", RequestError.Domain)
        .SetLocalizedMessage(locale.Name(), locale == Locale.En
            ? "No case is recorded under this reference, or its record has expired."
            : "未找到该案件的记录,或记录已过期。"));

    /// <summary>
    /// UNAVAILABLE while the status store (Redis) cannot be reached: the status lives nowhere else,
    /// so unlike the result cache it cannot fail open. Safe to retry after the delay.
    /// </summary>
    public static RpcException StatusStoreUnavailable(Locale locale) => new(StatusCode.Unavailable, "The verification status store is unavailable; retry shortly.", details => details
        .SetErrorInfo("STATUS_STORE_UNAVAILABLE", RequestError.Domain)
        .SetRetryDelay(TimeSpan.FromSeconds(5))
        .SetLocalizedMessage(locale.Name(), locale == Locale.En
            ? "Verification status is temporarily unavailable. Please try again shortly."
            : "认证状态暂时无法查询,请稍后重试。"));

    private static string Localize(RequestError error, Locale locale) => (error.Kind, locale) switch
    {
        (RequestErrorKind.NotFound, Locale.En) => "This platform is not supported.",
        (RequestErrorKind.NotFound, _) => "暂不支持该平台。",
        (_, Locale.En) => "Some fields of the request are invalid; see the field details.",
        _ => "请求中有字段无效,详见字段说明。",
    };
}
