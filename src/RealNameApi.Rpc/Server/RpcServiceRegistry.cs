using Google.Protobuf.Reflection;

namespace RealNameApi.Rpc.Server;

/// <summary>The services mapped in this application, for reflection and for telling an unknown service from an unknown method.</summary>
internal sealed class RpcServiceRegistry
{
    private readonly Lock _lock = new();
    private readonly List<ServiceDescriptor> _services = [];

    /// <summary>Changes whenever a service is added, so caches built from the list know to rebuild.</summary>
    public int Version { get; private set; }

    /// <summary>Whether the catch-all endpoint for unknown methods has been mapped.</summary>
    public bool UnimplementedMapped { get; set; }

    public IReadOnlyList<ServiceDescriptor> Services
    {
        get
        {
            lock (_lock)
            {
                return [.. _services];
            }
        }
    }

    public void Add(ServiceDescriptor service)
    {
        lock (_lock)
        {
            if (_services.Any(s => s.FullName == service.FullName))
            {
                throw new InvalidOperationException($"The service {service.FullName} is already mapped.");
            }
            _services.Add(service);
            Version++;
        }
    }

    public bool Contains(string serviceName)
    {
        lock (_lock)
        {
            return _services.Any(s => s.FullName == serviceName);
        }
    }
}
