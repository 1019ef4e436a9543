using Google.Protobuf;

namespace RealNameApi.Rpc.Server;

/// <summary>Unary: <c>Task&lt;TResponse&gt; M(TRequest, ServerCallContext)</c>.</summary>
internal sealed class UnaryCallHandler<THandler, TRequest, TResponse>(
    ServerMethodInfo method,
    HandlerActivator<THandler> activator,
    MessageParser<TRequest> parser,
    Func<THandler, TRequest, ServerCallContext, Task<TResponse>> invoke) : CallHandler(method)
    where THandler : class
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>
{
    protected override async Task InvokeAsync(ServerCallContext call)
    {
        var request = await RequestReader.ReadSingleAsync(call, parser);
        var handler = activator.Create(call.HttpContext);
        TResponse response;
        try
        {
            response = await invoke(handler, request, call);
        }
        finally
        {
            await activator.ReleaseAsync(handler);
        }
        await WriteSingleResponseAsync(call, response);
    }
}

/// <summary>Server streaming: <c>Task M(TRequest, IServerStreamWriter&lt;TResponse&gt;, ServerCallContext)</c>.</summary>
internal sealed class ServerStreamingCallHandler<THandler, TRequest, TResponse>(
    ServerMethodInfo method,
    HandlerActivator<THandler> activator,
    MessageParser<TRequest> parser,
    Func<THandler, TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task> invoke) : CallHandler(method)
    where THandler : class
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>
{
    protected override async Task InvokeAsync(ServerCallContext call)
    {
        var request = await RequestReader.ReadSingleAsync(call, parser);
        var handler = activator.Create(call.HttpContext);
        try
        {
            await invoke(handler, request, new ResponseStreamWriter<TResponse>(call), call);
        }
        finally
        {
            await activator.ReleaseAsync(handler);
        }
    }
}

/// <summary>Client streaming: <c>Task&lt;TResponse&gt; M(IAsyncStreamReader&lt;TRequest&gt;, ServerCallContext)</c>.</summary>
internal sealed class ClientStreamingCallHandler<THandler, TRequest, TResponse>(
    ServerMethodInfo method,
    HandlerActivator<THandler> activator,
    MessageParser<TRequest> parser,
    Func<THandler, IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>> invoke) : CallHandler(method)
    where THandler : class
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>
{
    protected override async Task InvokeAsync(ServerCallContext call)
    {
        AllowUnboundedRequestBody(call.HttpContext);
        var handler = activator.Create(call.HttpContext);
        TResponse response;
        try
        {
            response = await invoke(handler, new RequestStreamReader<TRequest>(call, parser), call);
        }
        finally
        {
            await activator.ReleaseAsync(handler);
        }
        await WriteSingleResponseAsync(call, response);
    }
}

/// <summary>Duplex: <c>Task M(IAsyncStreamReader&lt;TRequest&gt;, IServerStreamWriter&lt;TResponse&gt;, ServerCallContext)</c>.</summary>
internal sealed class DuplexStreamingCallHandler<THandler, TRequest, TResponse>(
    ServerMethodInfo method,
    HandlerActivator<THandler> activator,
    MessageParser<TRequest> parser,
    Func<THandler, IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task> invoke) : CallHandler(method)
    where THandler : class
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>
{
    protected override async Task InvokeAsync(ServerCallContext call)
    {
        AllowUnboundedRequestBody(call.HttpContext);
        var handler = activator.Create(call.HttpContext);
        try
        {
            await invoke(handler, new RequestStreamReader<TRequest>(call, parser), new ResponseStreamWriter<TResponse>(call), call);
        }
        finally
        {
            await activator.ReleaseAsync(handler);
        }
    }
}
