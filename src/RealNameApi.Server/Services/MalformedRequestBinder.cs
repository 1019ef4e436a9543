using Google.Protobuf;
using Grpc.Core;

namespace RealNameApi.Server.Services;

/// <summary>
/// Binds a service's methods with a request reader that answers bytes that are not the method's
/// request message INVALID_ARGUMENT, reason <c>MALFORMED_REQUEST</c>, with the parser's words.
/// grpc-dotnet reads the request before any interceptor runs and answers a parse failure UNKNOWN,
/// "Exception was thrown by handler.", with an Error line and its stack trace in the log for
/// every such call.
/// </summary>
/// <remarks>
/// Google.Protobuf's parse errors are fixed sentences ("String is invalid UTF-8.", "Protocol
/// message contained an invalid tag (zero).") that hold nothing of the request.
/// </remarks>
internal sealed class MalformedRequestBinder(ServiceBinderBase inner) : ServiceBinderBase
{
    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
        inner.AddMethod(Guarded(method), handler);

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
        inner.AddMethod(Guarded(method), handler);

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
        inner.AddMethod(Guarded(method), handler);

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
        inner.AddMethod(Guarded(method), handler);

    private static Method<TRequest, TResponse> Guarded<TRequest, TResponse>(Method<TRequest, TResponse> method)
        where TRequest : class
        where TResponse : class
    {
        var parse = method.RequestMarshaller.ContextualDeserializer;
        var path = method.FullName;
        var requests = Marshallers.Create(method.RequestMarshaller.ContextualSerializer, context =>
        {
            try
            {
                return parse(context);
            }
            catch (InvalidProtocolBufferException e)
            {
                throw RpcErrors.MalformedRequest(path, e.Message);
            }
        });
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, requests, method.ResponseMarshaller);
    }
}
