using Google.Protobuf;
using RealNameApi.Rpc.Tests.Echo;

namespace RealNameApi.Rpc.Tests.Infrastructure;

/// <summary>The handler of the test-only <c>rpctest.v1.EchoService</c>, bound by convention.</summary>
public sealed class EchoHandler(CallObserver observer)
{
    public const string SecretInException = "exception-text-that-must-not-leak";

    public async Task<EchoResponse> Echo(EchoRequest request, ServerCallContext context)
    {
        await BehaveAsync(request, context);
        return new EchoResponse { Message = request.Message, Payload = request.Payload };
    }

    public async Task Expand(EchoRequest request, IServerStreamWriter<EchoResponse> responseStream, ServerCallContext context)
    {
        for (var i = 0; i < request.Repeat; i++)
        {
            await responseStream.WriteAsync(new EchoResponse { Message = request.Message, Index = i });
        }
        await BehaveAsync(request, context);
    }

    public async Task<EchoResponse> Collect(IAsyncStreamReader<EchoRequest> requestStream, ServerCallContext context)
    {
        var messages = new List<string>();
        EchoRequest? last = null;
        await foreach (var request in requestStream.ReadAllAsync())
        {
            messages.Add(request.Message);
            last = request;
        }
        if (last is not null)
        {
            await BehaveAsync(last, context);
        }
        return new EchoResponse { Message = string.Join(",", messages), Index = messages.Count };
    }

    public async Task Chat(IAsyncStreamReader<EchoRequest> requestStream, IServerStreamWriter<EchoResponse> responseStream, ServerCallContext context)
    {
        var index = 0;
        while (await requestStream.MoveNext())
        {
            var request = requestStream.Current;
            await BehaveAsync(request, context);
            await responseStream.WriteAsync(new EchoResponse { Message = request.Message, Payload = request.Payload, Index = index++ });
        }
    }

    private async Task BehaveAsync(EchoRequest request, ServerCallContext context)
    {
        if (request.EchoHeader.Length > 0)
        {
            var metadata = new Metadata();
            foreach (var entry in context.RequestHeaders.GetAll(request.EchoHeader))
            {
                if (entry.IsBinary)
                {
                    metadata.Add(entry.Key, entry.ValueBytes);
                    context.ResponseTrailers.Add(entry.Key, entry.ValueBytes);
                }
                else
                {
                    metadata.Add(entry.Key, entry.Value);
                    context.ResponseTrailers.Add(entry.Key, entry.Value);
                }
            }
            await context.WriteResponseHeadersAsync(metadata);
        }
        if (request.Delay is { } delay)
        {
            observer.Started(request.CallId);
            if (request.IgnoreCancellation)
            {
                await Task.Delay(delay.ToTimeSpan(), CancellationToken.None);
            }
            else
            {
                try
                {
                    await Task.Delay(delay.ToTimeSpan(), context.CancellationToken);
                }
                catch (OperationCanceledException)
                {
                    // Timers may fire a tick early, hence the margin.
                    observer.Cancelled(request.CallId, DateTime.UtcNow >= context.Deadline.AddMilliseconds(-50) ? "deadline" : "client");
                    throw;
                }
            }
        }
        if (request.ThrowException)
        {
            throw new InvalidOperationException($"{SecretInException} {request.Message}");
        }
        if (request.Fail is { } fail)
        {
            if (!fail.Rich)
            {
                throw new RpcException((StatusCode)fail.Code, fail.Message);
            }
            throw new RpcException((StatusCode)fail.Code, fail.Message, details => details
                .AddFieldViolation("message", "Must not be empty.", "REQUIRED")
                .AddFieldViolation("payload", "Too long.")
                .SetErrorInfo("ECHO_REFUSED", "rpctest.v1", [new("limit", "10")])
                .SetRetryDelay(TimeSpan.FromSeconds(30))
                .SetLocalizedMessage("zh-CN", "请求无效：消息为空。"));
        }
    }
}
