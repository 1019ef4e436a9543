using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using RealNameApi.Diagnosis.Localization;
using RealNameApi.Diagnosis.Validation;
using RealNameApi.Server.Auth;

namespace RealNameApi.Server.Errors;

/// <summary>
/// The answers to calls turned away before a service: no or an unknown key, a role the key
/// lacks, a key over its rate, a server with all the batch calls in flight it allows, metadata
/// over the limit. <c>ErrorInfo</c> (domain <c>realname.v1</c>) says why, a
/// <c>LocalizedMessage</c> says it to people, <c>RetryInfo</c> says when to come back.
/// </summary>
internal static class AccessErrors
{
    public static Google.Rpc.Status Unauthenticated(ApiKeyRejection? rejection, Locale locale) => rejection switch
    {
        null => Build(Code.Unauthenticated, "This call needs an API key: send the metadata 'authorization: Bearer <key>'.", "API_KEY_MISSING", locale,
            locale == Locale.En ? "Sign-in is required: the caller sent no API key." : "需要 API 密钥:请求未携带密钥。"),
        ApiKeyRejection.NotBearer => Build(Code.Unauthenticated, "The authorization metadata must be one 'Bearer <key>'.", "API_KEY_MALFORMED", locale,
            locale == Locale.En ? "The API key was sent in the wrong form." : "API 密钥格式不正确。"),
        _ => Build(Code.Unauthenticated, "The API key is not known to this service.", "API_KEY_UNKNOWN", locale,
            locale == Locale.En ? "The API key is not valid." : "API 密钥无效。"),
    };

    public static Google.Rpc.Status PermissionDenied(string role, Locale locale) =>
        Build(Code.PermissionDenied, $"The API key lacks the role '{role}' that this call needs.", "ROLE_MISSING", locale,
            locale == Locale.En ? "This API key may not make this call." : "该 API 密钥无权进行此操作。",
            metadata: new() { ["role"] = role });

    public static Google.Rpc.Status RateLimited(TimeSpan retryAfter, Locale locale) =>
        Build(Code.ResourceExhausted, "The API key's rate limit is reached; retry after the RetryInfo delay.", "RATE_LIMITED", locale,
            locale == Locale.En ? "Too many requests. Please try again shortly." : "请求过于频繁,请稍后重试。",
            retry: retryAfter);

    public static Google.Rpc.Status Busy(TimeSpan retryAfter, Locale locale) =>
        Build(Code.ResourceExhausted, "The server has as many BatchDiagnose calls in flight as it allows (Limits:MaxConcurrentBatchDiagnose); retry after the RetryInfo delay.",
            "SERVER_BUSY", locale, locale == Locale.En ? "The service is busy. Please try again shortly." : "服务繁忙,请稍后重试。",
            retry: retryAfter);

    public static Google.Rpc.Status UnauthenticatedRateLimited(TimeSpan retryAfter, Locale locale) =>
        Build(Code.ResourceExhausted, "Too many calls without a valid API key from this address (RateLimits:Unauthenticated); send 'authorization: Bearer <key>' with a configured key, and retry after the RetryInfo delay.",
            "RATE_LIMITED", locale, locale == Locale.En ? "Too many requests. Please try again shortly." : "请求过于频繁,请稍后重试。",
            retry: retryAfter);

    public static Google.Rpc.Status ListingBusy(TimeSpan retryAfter, Locale locale) =>
        Build(Code.ResourceExhausted, "The server has as many ListVerificationStatuses calls running and waiting as it allows (Limits:MaxConcurrentListings, Limits:ListingQueueLimit); retry after the RetryInfo delay.",
            "SERVER_BUSY", locale, locale == Locale.En ? "The service is busy. Please try again shortly." : "服务繁忙,请稍后重试。",
            retry: retryAfter);

    public static Google.Rpc.Status TooManyWatches(TimeSpan retryAfter, Locale locale) =>
        Build(Code.ResourceExhausted, "The tenant or the server has as many WatchVerificationStatus streams open as it allows (Limits:MaxWatchesPerTenant, Limits:MaxWatches); close one or retry after the RetryInfo delay.",
            "TOO_MANY_WATCHES", locale, locale == Locale.En ? "Too many cases are being followed at once. Please try again shortly." : "同时关注的案件过多,请稍后重试。",
            retry: retryAfter);

    // Not retryable as it is: no RetryInfo. The sizes are the request's own, no metadata values.
    public static Google.Rpc.Status MetadataTooLarge(long size, int limit, Locale locale) =>
        Build(Code.ResourceExhausted, $"The call's metadata is {size} bytes, more than the {limit} this server accepts (Limits:MaxRequestHeadersTotalSize); send less metadata.",
            "METADATA_TOO_LARGE", locale, locale == Locale.En ? "The request carries too much metadata." : "请求携带的元数据过大。",
            metadata: new() { ["size"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture), ["limit"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    private static Google.Rpc.Status Build(Code code, string message, string reason, Locale locale, string localized, Dictionary<string, string>? metadata = null, TimeSpan? retry = null)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        var info = new ErrorInfo { Reason = reason, Domain = RequestError.Domain };
        info.Metadata.Add(metadata ?? []);
        status.Details.Add(Any.Pack(info));
        if (retry is { } delay)
        {
            status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(delay) }));
        }

        status.Details.Add(Any.Pack(new LocalizedMessage { Locale = locale.Name(), Message = localized }));
        return status;
    }
}
