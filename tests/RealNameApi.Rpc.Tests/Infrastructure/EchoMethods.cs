using RealNameApi.Rpc.Client;
using RealNameApi.Rpc.Tests.Echo;

namespace RealNameApi.Rpc.Tests.Infrastructure;

/// <summary>The echo service's methods, for calls through <see cref="RpcChannel"/>.</summary>
public static class EchoMethods
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = EchoReflection.Descriptor.Services[0];

    public static readonly Method<EchoRequest, EchoResponse> Echo = Method.From<EchoRequest, EchoResponse>(Service.FindMethodByName("Echo"));
    public static readonly Method<EchoRequest, EchoResponse> Expand = Method.From<EchoRequest, EchoResponse>(Service.FindMethodByName("Expand"));
    public static readonly Method<EchoRequest, EchoResponse> Collect = Method.From<EchoRequest, EchoResponse>(Service.FindMethodByName("Collect"));
    public static readonly Method<EchoRequest, EchoResponse> Chat = Method.From<EchoRequest, EchoResponse>(Service.FindMethodByName("Chat"));
}
