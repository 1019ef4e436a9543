using Google.Protobuf.WellKnownTypes;
using Google.Rpc;

namespace RealNameApi.Diagnosis.Validation;

/// <summary>How a request was wrong: the gRPC status it maps to.</summary>
public enum RequestErrorKind
{
    /// <summary>A field is malformed, too long, out of range or missing (INVALID_ARGUMENT).</summary>
    InvalidArgument,

    /// <summary>The platform named is not in the catalog (NOT_FOUND).</summary>
    NotFound,
}

/// <summary>
/// Why the engine will not answer a request, in the terms of the gRPC richer error model: a
/// status kind, an <c>ErrorInfo</c> reason and <c>BadRequest</c> field violations. Its texts
/// never contain a value from the request.
/// </summary>
/// <param name="Kind">The status the error maps to.</param>
/// <param name="Reason">The <c>ErrorInfo.reason</c>, UPPER_SNAKE_CASE, for example <c>INVALID_REQUEST</c>.</param>
/// <param name="Message">A short English message for the status.</param>
/// <param name="Violations">The fields at fault.</param>
public sealed record RequestError(RequestErrorKind Kind, string Reason, string Message, IReadOnlyList<FieldViolation> Violations)
{
    /// <summary>The <c>ErrorInfo.domain</c> of every error of this service.</summary>
    public const string Domain = "realname.v1";

    /// <summary>The gRPC status code: 3 (INVALID_ARGUMENT) or 5 (NOT_FOUND).</summary>
    public int StatusCode => Kind == RequestErrorKind.NotFound ? (int)Code.NotFound : (int)Code.InvalidArgument;

    /// <summary>
    /// The error as a <c>google.rpc.Status</c> with <c>ErrorInfo</c> and <c>BadRequest</c> details,
    /// as <c>BatchDiagnose</c> reports an item's error and as <c>grpc-status-details-bin</c> carries it.
    /// </summary>
    public Google.Rpc.Status ToStatus()
    {
        var status = new Google.Rpc.Status { Code = StatusCode, Message = Message };
        status.Details.Add(Any.Pack(new ErrorInfo { Reason = Reason, Domain = Domain }));
        if (Violations.Count > 0)
        {
            var badRequest = new BadRequest();
            foreach (var v in Violations)
            {
                badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description });
            }

            status.Details.Add(Any.Pack(badRequest));
        }

        return status;
    }

    /// <summary>INVALID_ARGUMENT for the fields at fault.</summary>
    public static RequestError Invalid(IReadOnlyList<FieldViolation> violations) =>
        new(RequestErrorKind.InvalidArgument, "INVALID_REQUEST", "The request has invalid fields; see the field violations.", violations);

    /// <summary>NOT_FOUND for a platform, named at <paramref name="field"/>, that the catalog lacks.</summary>
    public static RequestError PlatformNotFound(string field) =>
        new(RequestErrorKind.NotFound, "PLATFORM_NOT_FOUND", "The platform is not in the catalog.", [new FieldViolation(field, "is not a platform of the catalog")]);
}
