using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;
using RealNameApi.Server.Errors;
using RealNameApi.Server.Services;

namespace RealNameApi.Server.Transport;

/// <summary>
/// A request message whose frame sets flags gRPC does not define (only 0, plain, and 1,
/// compressed, exist) is INTERNAL with words that say so (<see cref="RpcErrors.UndefinedFrameFlags"/>),
/// as grpc's Go and Java servers answer it, rather than grpc-dotnet's UNKNOWN "Exception was
/// thrown by handler." with an Error in the log. grpc-dotnet checks the flags before any
/// deserializer or interceptor runs, so the request body is the one place left to see them.
/// Only the first frame is looked at: every RPC of the two services takes one message, and
/// grpc-dotnet answers a second INTERNAL before reading its flags (reflection's request stream is
/// the one exception, and grpc-dotnet's own answer stands for its later frames).
/// </summary>
internal static class RequestFrameCheck
{
    /// <summary>Checks the first frame of every gRPC and gRPC-Web request (behind <c>UseGrpcWeb</c>: the decoded body).</summary>
    public static IApplicationBuilder UseRequestFrameCheck(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!GrpcErrorResponse.IsGrpc(context.Request) || context.Features.Get<IRequestBodyPipeFeature>() is not { } body)
            {
                await next(context);
                return;
            }

            context.Features.Set<IRequestBodyPipeFeature>(new WrappedRequestBody(new FirstFrameReader(body.Reader, context.Request.Path)));
            try
            {
                await next(context);
            }
            finally
            {
                context.Features.Set(body);
            }
        });

    /// <summary>The body, its first byte (the first frame's flags) checked on the first read that returns it.</summary>
    private sealed class FirstFrameReader(PipeReader inner, string method) : PipeReader
    {
        private bool _checked;

        public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        {
            var read = inner.ReadAsync(cancellationToken);
            if (_checked)
            {
                return read;
            }

            return read.IsCompletedSuccessfully ? new ValueTask<ReadResult>(Check(read.Result)) : CheckAsync(read);
        }

        public override bool TryRead(out ReadResult result)
        {
            if (!inner.TryRead(out result))
            {
                return false;
            }

            result = _checked ? result : Check(result);
            return true;
        }

        public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);

        public override void CancelPendingRead() => inner.CancelPendingRead();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        private async ValueTask<ReadResult> CheckAsync(ValueTask<ReadResult> read) => Check(await read.ConfigureAwait(false));

        private ReadResult Check(ReadResult result)
        {
            if (result.Buffer.IsEmpty)
            {
                return result;
            }

            _checked = true;
            var flags = result.Buffer.FirstSpan[0];
            if (flags > 1)
            {
                // Consumed, so that the server can drain the rest of the body and keep the connection.
                inner.AdvanceTo(result.Buffer.End);
                throw RpcErrors.UndefinedFrameFlags(method, flags);
            }

            return result;
        }
    }
}
