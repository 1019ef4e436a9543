using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;

namespace RealNameApi.Rpc;

/// <summary>
/// A failed call. Handlers throw it to answer with a status and, optionally, rich details
/// (<c>google.rpc.Status</c> in <c>grpc-status-details-bin</c>); clients receive it for every
/// failure, with the details decoded.
/// </summary>
/// <example>
/// <code>
/// throw new RpcException(StatusCode.InvalidArgument, "The request has invalid fields.", details => details
///     .AddFieldViolation("platform", "Required.")
///     .SetErrorInfo("FIELD_INVALID", "realname.v1")
///     .SetLocalizedMessage("zh-CN", "请求字段无效。"));
/// </code>
/// </example>
public sealed class RpcException : Exception
{
    /// <summary>A failure with a status and no rich details.</summary>
    public RpcException(StatusCode code, string detail)
        : this(new Status(code, detail), details: null, trailers: null)
    {
    }

    /// <summary>A failure whose rich details are built by <paramref name="buildDetails"/>.</summary>
    public RpcException(StatusCode code, string detail, Action<ErrorDetailsBuilder> buildDetails)
        : this(new Status(code, detail), Build(code, detail, buildDetails), trailers: null)
    {
    }

    /// <summary>A failure with every part given.</summary>
    /// <param name="status">The status code and detail.</param>
    /// <param name="details">The rich status, or null. Its code and message should match <paramref name="status"/>.</param>
    /// <param name="trailers">Further trailers to send (server) or that were received (client), or null.</param>
    public RpcException(Status status, Google.Rpc.Status? details, Metadata? trailers)
        : base(status.ToString())
    {
        Status = status;
        Details = details;
        Trailers = trailers ?? [];
    }

    /// <summary>The status.</summary>
    public Status Status { get; }

    /// <summary>The status code.</summary>
    public StatusCode StatusCode => Status.Code;

    /// <summary>The rich status from <c>grpc-status-details-bin</c>, or null.</summary>
    public Google.Rpc.Status? Details { get; }

    /// <summary>The trailers sent with the status (server) or received with it (client).</summary>
    public Metadata Trailers { get; }

    /// <summary>The <c>google.rpc.BadRequest</c> detail (field violations), or null.</summary>
    public BadRequest? BadRequest => GetDetail<BadRequest>();

    /// <summary>The <c>google.rpc.ErrorInfo</c> detail (reason, domain, metadata), or null.</summary>
    public ErrorInfo? ErrorInfo => GetDetail<ErrorInfo>();

    /// <summary>The <c>google.rpc.RetryInfo</c> detail (when to retry), or null.</summary>
    public RetryInfo? RetryInfo => GetDetail<RetryInfo>();

    /// <summary>The <c>google.rpc.LocalizedMessage</c> detail, or null.</summary>
    public LocalizedMessage? LocalizedMessage => GetDetail<LocalizedMessage>();

    /// <summary>The first detail of type <typeparamref name="T"/>, or null.</summary>
    public T? GetDetail<T>() where T : class, IMessage<T>, new()
    {
        if (Details is null)
        {
            return null;
        }
        var descriptor = new T().Descriptor;
        foreach (Any any in Details.Details)
        {
            if (any.Is(descriptor))
            {
                return any.Unpack<T>();
            }
        }
        return null;
    }

    private static Google.Rpc.Status Build(StatusCode code, string detail, Action<ErrorDetailsBuilder> buildDetails)
    {
        ArgumentNullException.ThrowIfNull(buildDetails);
        var builder = new ErrorDetailsBuilder();
        buildDetails(builder);
        return builder.ToStatus(code, detail);
    }
}
