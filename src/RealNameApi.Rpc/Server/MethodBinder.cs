using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace RealNameApi.Rpc.Server;

/// <summary>
/// Binds a handler class to a protobuf service by convention, once at start-up: for each RPC, a
/// public instance method with the RPC's name and the shape of its kind.
/// <list type="bullet">
/// <item>unary: <c>Task&lt;TResponse&gt; M(TRequest, ServerCallContext)</c></item>
/// <item>server streaming: <c>Task M(TRequest, IServerStreamWriter&lt;TResponse&gt;, ServerCallContext)</c></item>
/// <item>client streaming: <c>Task&lt;TResponse&gt; M(IAsyncStreamReader&lt;TRequest&gt;, ServerCallContext)</c></item>
/// <item>duplex: <c>Task M(IAsyncStreamReader&lt;TRequest&gt;, IServerStreamWriter&lt;TResponse&gt;, ServerCallContext)</c></item>
/// </list>
/// Each method becomes a strongly typed open-instance delegate, so calls involve no reflection.
/// </summary>
internal static class MethodBinder
{
    public static IReadOnlyList<CallHandler> Bind<THandler>(ServiceDescriptor service, ServerRuntime runtime, IServiceProvider services)
        where THandler : class
    {
        var activator = new HandlerActivator<THandler>(services);
        var handlers = new List<CallHandler>();
        var missing = new List<string>();
        foreach (var method in service.Methods)
        {
            var requestType = method.InputType.ClrType;
            var responseType = method.OutputType.ClrType;
            if (requestType is null || responseType is null)
            {
                missing.Add($"  {method.FullName}: its messages have no generated C# types.");
                continue;
            }
            var kind = KindOf(method);
            var (parameters, returnType) = Shape(kind, requestType, responseType);
            var candidate = typeof(THandler).GetMethod(method.Name, BindingFlags.Public | BindingFlags.Instance, parameters);
            if (candidate is null || candidate.ReturnType != returnType)
            {
                missing.Add($"  public {Describe(returnType)} {method.Name}({string.Join(", ", parameters.Select(Describe))})   // {kind} RPC {method.FullName}");
                continue;
            }
            var info = new ServerMethodInfo(service.FullName, method.Name, kind, runtime);
            var create = typeof(MethodBinder).GetMethod("Create" + kind, BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(typeof(THandler), requestType, responseType);
            handlers.Add((CallHandler)create.Invoke(null, [info, activator, candidate])!);
        }
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"{typeof(THandler).FullName} cannot serve {service.FullName}. Add these public methods (named as the RPC, shaped by its kind):{Environment.NewLine}"
                + string.Join(Environment.NewLine, missing));
        }
        return handlers;
    }

    public static MethodType KindOf(MethodDescriptor method) => (method.IsClientStreaming, method.IsServerStreaming) switch
    {
        (false, false) => MethodType.Unary,
        (false, true) => MethodType.ServerStreaming,
        (true, false) => MethodType.ClientStreaming,
        (true, true) => MethodType.DuplexStreaming,
    };

    private static (Type[] Parameters, Type Return) Shape(MethodType kind, Type request, Type response)
    {
        var context = typeof(ServerCallContext);
        var reader = typeof(IAsyncStreamReader<>).MakeGenericType(request);
        var writer = typeof(IServerStreamWriter<>).MakeGenericType(response);
        var single = typeof(Task<>).MakeGenericType(response);
        return kind switch
        {
            MethodType.Unary => ([request, context], single),
            MethodType.ServerStreaming => ([request, writer, context], typeof(Task)),
            MethodType.ClientStreaming => ([reader, context], single),
            _ => ([reader, writer, context], typeof(Task)),
        };
    }

    private static string Describe(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(Describe))}>"
        : type.Name;

    private static MessageParser<T> ParserOf<T>()
        where T : IMessage<T>
    {
        var property = typeof(T).GetProperty("Parser", BindingFlags.Public | BindingFlags.Static);
        return property?.GetValue(null) as MessageParser<T>
            ?? throw new InvalidOperationException($"{typeof(T).FullName} has no static Parser property; is it a generated protobuf message?");
    }

    private static UnaryCallHandler<THandler, TRequest, TResponse> CreateUnary<THandler, TRequest, TResponse>(ServerMethodInfo info, HandlerActivator<THandler> activator, MethodInfo method)
        where THandler : class
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse> =>
        new UnaryCallHandler<THandler, TRequest, TResponse>(info, activator, ParserOf<TRequest>(),
            method.CreateDelegate<Func<THandler, TRequest, ServerCallContext, Task<TResponse>>>());

    private static ServerStreamingCallHandler<THandler, TRequest, TResponse> CreateServerStreaming<THandler, TRequest, TResponse>(ServerMethodInfo info, HandlerActivator<THandler> activator, MethodInfo method)
        where THandler : class
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse> =>
        new ServerStreamingCallHandler<THandler, TRequest, TResponse>(info, activator, ParserOf<TRequest>(),
            method.CreateDelegate<Func<THandler, TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task>>());

    private static ClientStreamingCallHandler<THandler, TRequest, TResponse> CreateClientStreaming<THandler, TRequest, TResponse>(ServerMethodInfo info, HandlerActivator<THandler> activator, MethodInfo method)
        where THandler : class
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse> =>
        new ClientStreamingCallHandler<THandler, TRequest, TResponse>(info, activator, ParserOf<TRequest>(),
            method.CreateDelegate<Func<THandler, IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>>>());

    private static DuplexStreamingCallHandler<THandler, TRequest, TResponse> CreateDuplexStreaming<THandler, TRequest, TResponse>(ServerMethodInfo info, HandlerActivator<THandler> activator, MethodInfo method)
        where THandler : class
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse> =>
        new DuplexStreamingCallHandler<THandler, TRequest, TResponse>(info, activator, ParserOf<TRequest>(),
            method.CreateDelegate<Func<THandler, IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task>>());
}
