using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RealNameApi.Rpc.Server;

/// <summary>What every call handler shares: the options and the logger. One per application.</summary>
internal sealed class ServerRuntime(IOptions<RpcServerOptions> options, ILoggerFactory loggerFactory)
{
    public RpcServerOptions Options { get; } = options.Value;

    public ILogger Logger { get; } = loggerFactory.CreateLogger("RealNameApi.Rpc.Server");
}

/// <summary>A bound method: its path and kind, for the call context and logs.</summary>
internal sealed class ServerMethodInfo(string serviceName, string methodName, MethodType type, ServerRuntime runtime)
{
    public string ServiceName { get; } = serviceName;

    public string MethodName { get; } = methodName;

    public string Path { get; } = $"/{serviceName}/{methodName}";

    public MethodType Type { get; } = type;

    public ServerRuntime Runtime { get; } = runtime;
}
