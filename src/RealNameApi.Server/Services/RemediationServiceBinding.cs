using Google.Protobuf;
using Grpc.Core;
using RealNameApi.Contracts.V1;
using Generated = RealNameApi.Contracts.V1;

namespace RealNameApi.Server.Services;

/// <summary>
/// Binds <see cref="RemediationService"/>: the methods Grpc.Tools generated, their requests read
/// by <see cref="MalformedRequestBinder"/>, with <c>Diagnose</c>'s answer written by
/// <see cref="DiagnoseReply.Marshaller"/> from the cached encoding.
/// </summary>
/// <remarks>
/// grpc-dotnet finds this through the service's <see cref="BindServiceMethodAttribute"/>, as it
/// finds the generated binding, and binds each method to the service's virtual method of the
/// same name; the reflection service finds <see cref="Descriptor"/> the same way.
/// </remarks>
public static class RemediationServiceBinding
{
    /// <summary>The service's descriptor, which the reflection service looks up here.</summary>
    public static Google.Protobuf.Reflection.ServiceDescriptor Descriptor => Generated.RemediationService.Descriptor;

    /// <summary><c>Diagnose</c> as the server binds it: the request read as generated, <see cref="DiagnoseReply"/> written.</summary>
    public static Method<DiagnoseRequest, DiagnoseReply> Diagnose { get; } = new(
        MethodType.Unary,
        Generated.RemediationService.Descriptor.FullName,
        nameof(Diagnose),
        Marshallers.Create<DiagnoseRequest>(
            static (request, context) => context.Complete(request.ToByteArray()),
            static context => DiagnoseRequest.Parser.ParseFrom(context.PayloadAsReadOnlySequence())),
        DiagnoseReply.Marshaller);

    /// <summary>Called by grpc-dotnet through the attribute, with its own binder and no service.</summary>
    public static void BindService(ServiceBinderBase serviceBinder, RemediationService? service) =>
        Generated.RemediationService.BindService(new WithEncodedDiagnose(new MalformedRequestBinder(serviceBinder)), null);

    // Passes the generated methods on, Diagnose's replaced. The handlers are null: grpc-dotnet
    // binds by name to the service's methods.
    private sealed class WithEncodedDiagnose(ServiceBinderBase inner) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        {
            if (method.FullName == Diagnose.FullName)
            {
                inner.AddMethod(Diagnose, (UnaryServerMethod<DiagnoseRequest, DiagnoseReply>?)null);
            }
            else
            {
                inner.AddMethod(method, handler);
            }
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
            inner.AddMethod(method, handler);

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
            inner.AddMethod(method, handler);

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
            inner.AddMethod(method, handler);
    }
}
