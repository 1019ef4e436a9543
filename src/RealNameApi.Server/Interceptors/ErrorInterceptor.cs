using Grpc.Core;
using Grpc.Core.Interceptors;
using RealNameApi.Caching.Status;
using RealNameApi.Diagnosis.Engine;
using RealNameApi.Diagnosis.Localization;
using RealNameApi.Server.Logging;
using RealNameApi.Server.Services;

namespace RealNameApi.Server.Interceptors;

/// <summary>
/// Turns what the services throw into the status a caller can act on: a turned-down request
/// into INVALID_ARGUMENT or NOT_FOUND with its details, an unreachable status store into
/// UNAVAILABLE with a retry delay, and anything else into INTERNAL with fixed words. The last is
/// logged by exception type and stack only: exception messages may quote request data.
/// </summary>
internal sealed class ErrorInterceptor(DiagnosisEngine engine, RejectedCalls rejected, ILogger<ErrorInterceptor> logger) : Interceptor
{
    private readonly string[] _platforms = [.. engine.Catalog.Platforms.Select(p => p.Id).Order(StringComparer.Ordinal)];

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        // A call that answered at once (a cache hit) passes without an async state machine.
        Task<TResponse> answer;
        try
        {
            answer = continuation(request, context);
        }
        catch (Exception e) when (Map(e, context) is { } mapped)
        {
            throw mapped;
        }
        return answer.IsCompletedSuccessfully ? answer : MapAsync(answer, context);
    }

    private async Task<TResponse> MapAsync<TResponse>(Task<TResponse> answer, ServerCallContext context)
    {
        try
        {
            return await answer;
        }
        catch (Exception e) when (Map(e, context) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (Map(e, context) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception e) when (Map(e, context) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception e) when (Map(e, context) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <summary>The status to answer with, or null to let the exception through as it is.</summary>
    private RpcException? Map(Exception exception, ServerCallContext context)
    {
        switch (exception)
        {
            case RpcException:
                return null;
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                // The caller left or its deadline passed: grpc-dotnet has already settled the status.
                return null;
            case RequestErrorException e:
                // Counted for a periodic summary, never logged one by one: a caller could flood the log.
                rejected.Count(Rejection.BadRequest, context.GetHttpContext().User.Identity?.Name);
                return RpcErrors.From(e.Error, e.Locale, _platforms);
            case StatusStoreUnavailableException:
                return RpcErrors.StatusStoreUnavailable(LocaleOf(context));
            case StatusQueryException e:
                rejected.Count(Rejection.BadRequest, context.GetHttpContext().User.Identity?.Name);
                return RpcErrors.InvalidField(e.Field, e.Message, LocaleOf(context));
            default:
                Log.UnhandledException(logger, context.Method, exception.GetType().FullName ?? exception.GetType().Name, exception.StackTrace ?? "");
                return RpcErrors.Internal(LocaleOf(context));
        }
    }

    private static Locale LocaleOf(ServerCallContext context) => Locales.Resolve(null, context.RequestHeaders.GetValue("accept-language"));
}
