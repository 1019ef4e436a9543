using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace RealNameApi.Server.Transport;

/// <summary>The request body as a reader of the server's own wraps it (<see cref="GrpcWebTextRequests"/>, <see cref="RequestFrameCheck"/>).</summary>
internal sealed class WrappedRequestBody(PipeReader reader) : IRequestBodyPipeFeature
{
    public PipeReader Reader { get; } = reader;
}
