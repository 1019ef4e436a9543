using System.IO.Pipelines;
using Grpc.AspNetCore.Web;
using Microsoft.AspNetCore.Http.Features;
using RealNameApi.Server.Services;

namespace RealNameApi.Server.Transport;

/// <summary>
/// <c>UseGrpcWeb</c>, with a gRPC-Web text request whose body is not base64 answered
/// INVALID_ARGUMENT (<see cref="RpcErrors.UndecodableRequest"/>) on a connection that stays open.
/// grpc-dotnet's base64 reader throws from inside the call's first read, which grpc-dotnet answers
/// UNKNOWN, and it leaves Kestrel's body reader mid-read: Kestrel then cannot drain the body, logs an
/// Error and closes the HTTP/1.1 connection under the caller's next request.
/// </summary>
internal static class GrpcWebTextRequests
{
    /// <summary>Adds the gRPC-Web middleware between the two steps that watch a text request's body.</summary>
    public static IApplicationBuilder UseGrpcWebWithCheckedText(this IApplicationBuilder app, GrpcWebOptions options)
    {
        // Before: the body as Kestrel reads it, so that a failed read can be let go of.
        app.Use(async (context, next) =>
        {
            if (!IsText(context.Request.ContentType) || context.Features.Get<IRequestBodyPipeFeature>() is not { } raw)
            {
                await next(context);
                return;
            }
            var text = new TextBody(raw);
            context.Features.Set<IRequestBodyPipeFeature>(text);
            context.Features.Set(text);
            try
            {
                await next(context);
            }
            finally
            {
                context.Features.Set(raw);
                context.Features.Set<TextBody>(null);
            }
        });
        app.UseGrpcWeb(options);
        // After: the decoded body, read by the call.
        return app.Use(async (context, next) =>
        {
            if (context.Features.Get<TextBody>() is not { } text || context.Features.Get<IRequestBodyPipeFeature>() is not { } decoded)
            {
                await next(context);
                return;
            }
            context.Features.Set<IRequestBodyPipeFeature>(new WrappedRequestBody(new CheckedReader(decoded.Reader, text.Reader, context.Request.Path)));
            try
            {
                await next(context);
            }
            finally
            {
                context.Features.Set(decoded);
            }
        });
    }

    private static bool IsText(string? contentType) =>
        contentType is not null && contentType.StartsWith("application/grpc-web-text", StringComparison.OrdinalIgnoreCase);

    /// <summary>Stands for Kestrel's body feature while the gRPC-Web middleware reads through it; also marks the request as text.</summary>
    private sealed class TextBody(IRequestBodyPipeFeature raw) : IRequestBodyPipeFeature
    {
        public TrackedReader Reader { get; } = new(raw.Reader);

        PipeReader IRequestBodyPipeFeature.Reader => Reader;
    }

    /// <summary>Kestrel's body reader, remembering a read not yet advanced past.</summary>
    private sealed class TrackedReader(PipeReader inner) : PipeReader
    {
        private ReadResult? _unadvanced;

        /// <summary>Consumes what the last read returned, if nothing has advanced past it, so Kestrel can drain the rest.</summary>
        public void LetGo()
        {
            if (_unadvanced is { } read)
            {
                _unadvanced = null;
                inner.AdvanceTo(read.Buffer.End);
            }
        }

        public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(cancellationToken);
            _unadvanced = read;
            return read;
        }

        public override bool TryRead(out ReadResult result)
        {
            var read = inner.TryRead(out result);
            _unadvanced = read ? result : null;
            return read;
        }

        public override void AdvanceTo(SequencePosition consumed)
        {
            _unadvanced = null;
            inner.AdvanceTo(consumed);
        }

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
        {
            _unadvanced = null;
            inner.AdvanceTo(consumed, examined);
        }

        public override void CancelPendingRead() => inner.CancelPendingRead();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);
    }

    /// <summary>The decoded body; a read that fails to decode is INVALID_ARGUMENT.</summary>
    private sealed class CheckedReader(PipeReader decoded, TrackedReader raw, string method) : PipeReader
    {
        public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        {
            try
            {
                return await decoded.ReadAsync(cancellationToken);
            }
            // grpc-dotnet's base64 reader throws InvalidOperationException for text that is not
            // base64 or ends inside a 4-character group; Kestrel's own read errors are other types.
            catch (InvalidOperationException)
            {
                raw.LetGo();
                throw RpcErrors.UndecodableRequest(method, "base64", "The gRPC-Web text body is not valid base64.");
            }
        }

        public override bool TryRead(out ReadResult result) => decoded.TryRead(out result);

        public override void AdvanceTo(SequencePosition consumed) => decoded.AdvanceTo(consumed);

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => decoded.AdvanceTo(consumed, examined);

        public override void CancelPendingRead() => decoded.CancelPendingRead();

        public override void Complete(Exception? exception = null) => decoded.Complete(exception);
    }
}
