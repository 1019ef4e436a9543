using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;

namespace RealNameApi.Rpc;

/// <summary>
/// Builds the rich details of an error: the standard <c>google.rpc</c> messages that clients
/// decode from <c>grpc-status-details-bin</c>.
/// </summary>
public sealed class ErrorDetailsBuilder
{
    private readonly List<IMessage> _details = [];
    private BadRequest? _badRequest;

    /// <summary>Adds a field violation to the <c>BadRequest</c> detail.</summary>
    /// <param name="field">The path of the field, e.g. <c>document.number</c>.</param>
    /// <param name="description">Why the field is invalid; never the field's value.</param>
    /// <param name="reason">An optional UPPER_SNAKE_CASE reason.</param>
    public ErrorDetailsBuilder AddFieldViolation(string field, string description, string? reason = null)
    {
        if (_badRequest is null)
        {
            _badRequest = new BadRequest();
            _details.Add(_badRequest);
        }
        _badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation
        {
            Field = field,
            Description = description,
            Reason = reason ?? "",
        });
        return this;
    }

    /// <summary>Adds an <c>ErrorInfo</c> detail.</summary>
    public ErrorDetailsBuilder SetErrorInfo(string reason, string domain, IEnumerable<KeyValuePair<string, string>>? metadata = null)
    {
        var info = new ErrorInfo { Reason = reason, Domain = domain };
        if (metadata is not null)
        {
            foreach (var (key, value) in metadata)
            {
                info.Metadata[key] = value;
            }
        }
        _details.Add(info);
        return this;
    }

    /// <summary>Adds a <c>RetryInfo</c> detail: the client should wait this long before retrying.</summary>
    public ErrorDetailsBuilder SetRetryDelay(TimeSpan delay)
    {
        _details.Add(new RetryInfo { RetryDelay = Duration.FromTimeSpan(delay) });
        return this;
    }

    /// <summary>Adds a <c>LocalizedMessage</c> detail for end users.</summary>
    /// <param name="locale">A BCP-47 locale such as <c>zh-CN</c> or <c>en</c>.</param>
    /// <param name="message">The message in that locale.</param>
    public ErrorDetailsBuilder SetLocalizedMessage(string locale, string message)
    {
        _details.Add(new LocalizedMessage { Locale = locale, Message = message });
        return this;
    }

    /// <summary>Adds any other detail message.</summary>
    public ErrorDetailsBuilder Add(IMessage detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        _details.Add(detail);
        return this;
    }

    /// <summary>The <c>google.rpc.Status</c> holding the details, packed as <c>Any</c>.</summary>
    public Google.Rpc.Status ToStatus(StatusCode code, string message)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        foreach (var detail in _details)
        {
            status.Details.Add(Any.Pack(detail));
        }
        return status;
    }
}
