using Grpc.Core;
using Grpc.Core.Interceptors;

namespace RealNameApi.Client;

/// <summary>
/// What every call gets unless it says otherwise: a deadline for unary calls and the API key.
/// An interceptor rather than call credentials, because grpc-dotnet refuses call credentials on
/// an http address, where a local or in-cluster caller may well send a key.
/// </summary>
public sealed class CallDefaultsInterceptor(RealNameApiClientOptions options) : Interceptor
{
    /// <inheritdoc />
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, With(context, deadline: true));

    /// <inheritdoc />
    public override TResponse BlockingUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, With(context, deadline: true));

    /// <inheritdoc />
    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, With(context, deadline: false));

    /// <inheritdoc />
    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(With(context, deadline: false));

    /// <inheritdoc />
    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(With(context, deadline: false));

    private ClientInterceptorContext<TRequest, TResponse> With<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, bool deadline)
        where TRequest : class
        where TResponse : class
    {
        var callOptions = context.Options;
        if (deadline && callOptions.Deadline is null && options.DefaultTimeout > TimeSpan.Zero)
        {
            callOptions = callOptions.WithDeadline(DateTime.UtcNow + options.DefaultTimeout);
        }
        if (options.ApiKey is { Length: > 0 } key && callOptions.Headers?.Get("authorization") is null)
        {
            var headers = new Metadata();
            foreach (var entry in callOptions.Headers ?? [])
            {
                headers.Add(entry);
            }
            headers.Add("authorization", $"Bearer {key}");
            callOptions = callOptions.WithHeaders(headers);
        }
        return ReferenceEquals(callOptions.Headers, context.Options.Headers) && callOptions.Deadline == context.Options.Deadline
            ? context
            : new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, callOptions);
    }
}
