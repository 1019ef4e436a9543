using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using RealNameApi.Diagnosis.Localization;
using RealNameApi.Diagnosis.Validation;

namespace RealNameApi.Server.Services;

/// <summary>
/// The errors the services answer with, in the richer error model (<c>google.rpc.Status</c> in
/// <c>grpc-status-details-bin</c>, through Grpc.StatusProto), localized for the caller. No text
/// here ever holds a value from the request.
/// </summary>
internal static class RpcErrors
{
    /// <summary>The <c>ErrorInfo.metadata</c> key that lists the catalog's platform ids on PLATFORM_NOT_FOUND.</summary>
    public const string PlatformsMetadataKey = "platforms";

    /// <summary>
    /// The engine's verdict on a bad request as the call's failure: <c>ErrorInfo</c>,
    /// <c>BadRequest</c> and a <c>LocalizedMessage</c> in the caller's locale. For an unknown
    /// platform the valid ids are named, in the field violation and in <c>ErrorInfo.metadata</c>.
    /// </summary>
    public static RpcException From(RequestError error, Locale locale, IReadOnlyCollection<string> platforms)
    {
        var status = error.ToStatus();
        if (error.Reason == "PLATFORM_NOT_FOUND" && platforms.Count > 0)
        {
            // Details are packed copies: unpack, amend and pack them again.
            for (var i = 0; i < status.Details.Count; i++)
            {
                if (status.Details[i].TryUnpack<ErrorInfo>(out var info))
                {
                    info.Metadata[PlatformsMetadataKey] = string.Join(",", platforms);
                    status.Details[i] = Any.Pack(info);
                }
                else if (status.Details[i].TryUnpack<BadRequest>(out var badRequest))
                {
                    foreach (var violation in badRequest.FieldViolations)
                    {
                        violation.Description += $"; the platforms are: {string.Join(", ", platforms)}";
                    }
                    status.Details[i] = Any.Pack(badRequest);
                }
            }
        }
        status.Details.Add(Any.Pack(new LocalizedMessage { Locale = locale.Name(), Message = Localize(error, locale, platforms) }));
        return status.ToRpcException();
    }

    /// <summary>An INVALID_ARGUMENT on one field, for checks the services make themselves.</summary>
    public static RpcException InvalidField(string field, string description, Locale locale) =>
        From(RequestError.Invalid([new FieldViolation(field, description)]), locale, []);

    /// <summary>NOT_FOUND for a case that was never recorded or whose record expired.</summary>
    public static RpcException CaseNotFound(Locale locale) => Build(Code.NotFound, "No case is recorded under this case_ref.", "CASE_NOT_FOUND", locale,
        locale == Locale.En ? "No case is recorded under this reference, or its record has expired." : "未找到该案件的记录,或记录已过期。");

    /// <summary>
    /// UNAVAILABLE while the status store (Redis) cannot be reached: the status lives nowhere else,
    /// so unlike the result cache it cannot fail open. Safe to retry after the delay.
    /// </summary>
    public static RpcException StatusStoreUnavailable(Locale locale) => Build(Code.Unavailable, "The verification status store is unavailable; retry shortly.", "STATUS_STORE_UNAVAILABLE", locale,
        locale == Locale.En ? "Verification status is temporarily unavailable. Please try again shortly." : "认证状态暂时无法查询,请稍后重试。",
        new RetryInfo { RetryDelay = Duration.FromTimeSpan(TimeSpan.FromSeconds(5)) });

    /// <summary>UNAVAILABLE for a stream the server ends because it is shutting down: the caller opens it again, on another instance.</summary>
    public static RpcException ShuttingDown(Locale locale) => Build(Code.Unavailable, "The server is shutting down; call again.", "SERVER_SHUTTING_DOWN", locale,
        locale == Locale.En ? "The service is restarting. Please try again." : "服务正在重启,请重试。",
        new RetryInfo { RetryDelay = Duration.FromTimeSpan(TimeSpan.Zero) });

    /// <summary>
    /// INVALID_ARGUMENT for a request whose bytes are not its method's request message; the
    /// parser's words say what is wrong with them.
    /// </summary>
    public static RpcException MalformedRequest(string method, string problem) => Malformed(Code.InvalidArgument,
        $"The request is not a valid protobuf message of the request type of {method}: {problem}",
        "The request could not be read: it is not a valid message of the method's request type.", ("method", method));

    /// <summary>
    /// INVALID_ARGUMENT for a request whose bytes cannot be decoded into a message at all: a body
    /// that is not the base64 gRPC-Web text promises, a message that is not the gzip its
    /// grpc-encoding names. <paramref name="method"/> is empty where the decoder does not know it.
    /// </summary>
    public static RpcException UndecodableRequest(string method, string encoding, string problem) => Malformed(Code.InvalidArgument,
        $"The request cannot be decoded ({encoding}): {problem}",
        $"The request could not be read: it is not valid {encoding}.", ("encoding", encoding), ("method", method));

    /// <summary>
    /// INTERNAL for a message frame whose flags byte is neither 0 (plain) nor 1 (compressed): a
    /// framing error, which gRPC answers INTERNAL as it does a frame cut short.
    /// </summary>
    public static RpcException UndefinedFrameFlags(string method, byte flags)
    {
        var hex = $"0x{flags:X2}";
        return Malformed(Code.Internal, $"The request's message frame has flags {hex}; gRPC defines only 0x00 (plain) and 0x01 (compressed).",
            "The request could not be read: its message frame is not valid gRPC.", ("method", method), ("frame_flags", hex));
    }

    /// <summary>INTERNAL for a failure of the server itself: the same words whatever went wrong, so nothing internal leaks.</summary>
    public static RpcException Internal(Locale locale) => Build(Code.Internal, "The server failed to answer this call.", "INTERNAL", locale,
        locale == Locale.En ? "Something went wrong on our side. Please try again later." : "服务暂时出现问题,请稍后重试。");

    private static RpcException Build(Code code, string message, string reason, Locale locale, string localized, params Google.Protobuf.IMessage[] more)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        status.Details.Add(Any.Pack(new ErrorInfo { Reason = reason, Domain = RequestError.Domain }));
        foreach (var detail in more)
        {
            status.Details.Add(Any.Pack(detail));
        }
        status.Details.Add(Any.Pack(new LocalizedMessage { Locale = locale.Name(), Message = localized }));
        return status.ToRpcException();
    }

    // MALFORMED_REQUEST, with the metadata that is known (empty values left out). In English
    // only: a request that cannot be read has no locale to read either.
    private static RpcException Malformed(Code code, string message, string localized, params (string Key, string Value)[] metadata)
    {
        var info = new ErrorInfo { Reason = "MALFORMED_REQUEST", Domain = RequestError.Domain };
        foreach (var (key, value) in metadata)
        {
            if (value.Length > 0)
            {
                info.Metadata[key] = value;
            }
        }

        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        status.Details.Add(Any.Pack(info));
        status.Details.Add(Any.Pack(new LocalizedMessage { Locale = Locale.En.Name(), Message = localized }));
        return status.ToRpcException();
    }

    private static string Localize(RequestError error, Locale locale, IReadOnlyCollection<string> platforms) => (error.Kind, locale) switch
    {
        (RequestErrorKind.NotFound, Locale.En) => $"This platform is not supported. Supported platforms: {string.Join(", ", platforms)}.",
        (RequestErrorKind.NotFound, _) => $"暂不支持该平台。支持的平台:{string.Join("、", platforms)}。",
        (_, Locale.En) => "Some fields of the request are invalid; see the field details.",
        _ => "请求中有字段无效,详见字段说明。",
    };
}
