using System.Globalization;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace RealNameApi.Server.Interceptors;

/// <summary>
/// Closes two gaps in how grpc-dotnet reads <c>grpc-timeout</c>: it ignores a header it cannot
/// parse, and a timeout shorter than its clock's tick (<c>1n</c>, <c>0S</c>), so such a call runs
/// with no deadline at all. Here a malformed header is a protocol error (INTERNAL, as grpc's
/// PROTOCOL-HTTP2 defines the header strictly: 1 to 8 digits and a unit) and a timeout that has
/// already passed is DEADLINE_EXCEEDED before the service runs.
/// </summary>
internal sealed class DeadlineHeaderInterceptor : Interceptor
{
    private const string Header = "grpc-timeout";

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(requestStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(requestStream, responseStream, context);
    }

    private static void Check(ServerCallContext context)
    {
        // grpc-dotnet keeps grpc-timeout out of RequestHeaders; the HTTP request still has it.
        var values = context.GetHttpContext().Request.Headers[Header];
        if (values.Count == 0)
        {
            return;
        }
        if (values.Count > 1 || !TryParse(values[0], out var expired))
        {
            throw new RpcException(new Status(StatusCode.Internal,
                "Malformed grpc-timeout header: expected 1 to 8 digits followed by a unit, one of H M S m u n."));
        }
        if (expired)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, "The call's deadline had passed when it arrived."));
        }
    }

    /// <summary>Parses the header; <paramref name="expired"/> when it is shorter than the 100 ns a deadline can hold.</summary>
    private static bool TryParse(string? value, out bool expired)
    {
        expired = false;
        if (value is not { Length: >= 2 and <= 9 } || !long.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }
        long? ticks = value[^1] switch
        {
            'H' => amount * TimeSpan.TicksPerHour,
            'M' => amount * TimeSpan.TicksPerMinute,
            'S' => amount * TimeSpan.TicksPerSecond,
            'm' => amount * TimeSpan.TicksPerMillisecond,
            'u' => amount * TimeSpan.TicksPerMicrosecond,
            'n' => amount / 100,
            _ => null,
        };
        expired = ticks == 0;
        return ticks is not null;
    }
}
