using Grpc.Core;
using Generated = RealNameApi.Contracts.V1;

namespace RealNameApi.Server.Services;

/// <summary>Binds <see cref="VerificationStatusService"/>: the methods Grpc.Tools generated, their requests read by <see cref="MalformedRequestBinder"/>.</summary>
public static class VerificationStatusServiceBinding
{
    /// <summary>The service's descriptor, which the reflection service looks up here.</summary>
    public static Google.Protobuf.Reflection.ServiceDescriptor Descriptor => Generated.VerificationStatusService.Descriptor;

    /// <summary>Called by grpc-dotnet through the service's attribute, with its own binder and no service.</summary>
    public static void BindService(ServiceBinderBase serviceBinder, VerificationStatusService? service) =>
        Generated.VerificationStatusService.BindService(new MalformedRequestBinder(serviceBinder), null);
}
