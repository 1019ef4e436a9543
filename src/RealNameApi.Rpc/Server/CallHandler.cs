using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace RealNameApi.Rpc.Server;

/// <summary>
/// Runs one call of a bound method: preflight checks, the handler, then the status. The four
/// subclasses differ only in how messages flow between the wire and the handler.
/// </summary>
internal abstract class CallHandler(ServerMethodInfo method)
{
    public ServerMethodInfo Method { get; } = method;

    /// <summary>The endpoint's request delegate.</summary>
    public Task HandleAsync(HttpContext http)
    {
        if (!CallPreflight.TryAccept(http, Method.Runtime, Method.Path, out var format, out var timeout, out var compressed))
        {
            return Task.CompletedTask;
        }
        return RunAsync(new ServerCallContext(http, Method, format, timeout, compressed));
    }

    protected abstract Task InvokeAsync(ServerCallContext call);

    /// <summary>Streaming requests may be long-lived and large in total: lift Kestrel's whole-body limits.</summary>
    protected static void AllowUnboundedRequestBody(HttpContext http)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } maxSize)
        {
            maxSize.MaxRequestBodySize = null;
        }
        if (http.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } minRate)
        {
            minRate.MinDataRate = null;
        }
    }

    /// <summary>The one response of a unary or client-streaming call.</summary>
    protected Task WriteSingleResponseAsync(ServerCallContext call, IMessage? response)
    {
        if (response is null)
        {
            throw new InvalidOperationException($"The handler of {Method.Path} returned no response message.");
        }
        // Not flushed: the message and the trailers leave together when the call finishes.
        return call.WriteMessageAsync(response, flush: false, call.CancellationToken);
    }

    private async Task RunAsync(ServerCallContext call)
    {
        try
        {
            await InvokeAsync(call);
            await call.FinishAsync(Status.Ok, null, null);
        }
        catch (Exception ex)
        {
            await FailAsync(call, ex);
        }
        finally
        {
            call.Complete();
        }
    }

    private static async Task FailAsync(ServerCallContext call, Exception exception)
    {
        var logger = call.MethodInfo.Runtime.Logger;
        var aborted = call.HttpContext.RequestAborted.IsCancellationRequested;
        Status status;
        Google.Rpc.Status? details = null;
        Metadata? trailers = null;
        switch (exception)
        {
            case RpcException rpc:
                status = rpc.Status;
                details = rpc.Details;
                trailers = rpc.Trailers;
                if (status.Code is StatusCode.Internal or StatusCode.Unknown or StatusCode.DataLoss)
                {
                    RpcServerLog.CallFailed(logger, call.Method, status.Code);
                }
                break;
            case OperationCanceledException when call.DeadlineExceeded:
                status = new Status(StatusCode.DeadlineExceeded, "Deadline exceeded.");
                break;
            case ClientLeftException:
            case OperationCanceledException or IOException when aborted:
                RpcServerLog.CancelledByClient(logger, call.Method);
                status = new Status(StatusCode.Cancelled, "Call cancelled by the client.");
                break;
            default:
                RpcServerLog.HandlerThrew(logger, call.Method, exception.GetType().FullName ?? "Exception", exception.StackTrace);
                status = new Status(StatusCode.Internal, call.MethodInfo.Runtime.Options.EnableDetailedErrors
                    ? $"Exception was thrown by handler. {exception.GetType().Name}: {exception.Message}"
                    : "Exception was thrown by handler.");
                break;
        }
        try
        {
            await call.FinishAsync(status, details, trailers);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException or ObjectDisposedException)
        {
            RpcServerLog.StatusNotSent(logger, call.Method, ex.GetType().Name);
        }
    }
}
