using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace RealNameApi.Rpc.Client;

/// <summary>A method a client can call: its kind, its path, and how to read its responses.</summary>
/// <typeparam name="TRequest">The request message type.</typeparam>
/// <typeparam name="TResponse">The response message type.</typeparam>
public sealed class Method<TRequest, TResponse>
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>, new()
{
    /// <summary>A method of <paramref name="serviceName"/> (e.g. <c>realname.v1.RemediationService</c>).</summary>
    public Method(MethodType type, string serviceName, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceName);
        ArgumentException.ThrowIfNullOrEmpty(name);
        Type = type;
        ServiceName = serviceName;
        Name = name;
        FullName = $"/{serviceName}/{name}";
    }

    /// <summary>Whether each side streams.</summary>
    public MethodType Type { get; }

    /// <summary>The service's full name.</summary>
    public string ServiceName { get; }

    /// <summary>The method's name.</summary>
    public string Name { get; }

    /// <summary>The HTTP path, <c>/package.Service/Method</c>.</summary>
    public string FullName { get; }

    internal MessageParser<TResponse> ResponseParser { get; } = new(() => new TResponse());
}

/// <summary>Creates <see cref="Method{TRequest, TResponse}"/> from protobuf descriptors.</summary>
public static class Method
{
    /// <summary>The method described by <paramref name="descriptor"/>, checking its message types match.</summary>
    /// <exception cref="ArgumentException">The descriptor's messages are not <typeparamref name="TRequest"/> and <typeparamref name="TResponse"/>.</exception>
    public static Method<TRequest, TResponse> From<TRequest, TResponse>(MethodDescriptor descriptor)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>, new()
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (descriptor.InputType.ClrType != typeof(TRequest) || descriptor.OutputType.ClrType != typeof(TResponse))
        {
            throw new ArgumentException(
                $"{descriptor.FullName} takes {descriptor.InputType.FullName} and returns {descriptor.OutputType.FullName}, not {typeof(TRequest).Name} and {typeof(TResponse).Name}.",
                nameof(descriptor));
        }
        var type = (descriptor.IsClientStreaming, descriptor.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (false, true) => MethodType.ServerStreaming,
            (true, false) => MethodType.ClientStreaming,
            (true, true) => MethodType.DuplexStreaming,
        };
        return new Method<TRequest, TResponse>(type, descriptor.Service.FullName, descriptor.Name);
    }
}
