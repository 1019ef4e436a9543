using System.Threading.Channels;
using Grpc.Health.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace RealNameApi.Rpc.Health;

/// <summary>
/// The serving status of each service name, as <c>grpc.health.v1.Health</c> reports it. The empty
/// name is the server as a whole. Mapped services start SERVING; other code (a cache, a
/// dependency check, shutdown) calls <see cref="Set"/>.
/// </summary>
public sealed class HealthStatusRegistry
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ServingStatus> _statuses = new(StringComparer.Ordinal) { [""] = ServingStatus.Serving };
    private readonly Dictionary<string, List<ChannelWriter<ServingStatus>>> _watchers = new(StringComparer.Ordinal);

    /// <summary>Sets the status of <paramref name="serviceName"/> ("" for the whole server) and tells its watchers.</summary>
    public void Set(string serviceName, ServingStatus status)
    {
        ArgumentNullException.ThrowIfNull(serviceName);
        lock (_lock)
        {
            if (_statuses.TryGetValue(serviceName, out var current) && current == status)
            {
                return;
            }
            _statuses[serviceName] = status;
            Notify(serviceName, status);
        }
    }

    /// <summary>Sets every known service, and the server, to <paramref name="status"/> (e.g. NOT_SERVING on shutdown).</summary>
    public void SetAll(ServingStatus status)
    {
        lock (_lock)
        {
            foreach (var name in _statuses.Keys.ToList())
            {
                if (_statuses[name] != status)
                {
                    _statuses[name] = status;
                    Notify(name, status);
                }
            }
        }
    }

    /// <summary>The status of <paramref name="serviceName"/>, or false if the name is unknown.</summary>
    public bool TryGet(string serviceName, out ServingStatus status)
    {
        lock (_lock)
        {
            return _statuses.TryGetValue(serviceName, out status);
        }
    }

    /// <summary>Every known service name with its status.</summary>
    public IReadOnlyDictionary<string, ServingStatus> Snapshot()
    {
        lock (_lock)
        {
            return new Dictionary<string, ServingStatus>(_statuses, StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// Watches <paramref name="serviceName"/>: the reader yields the current status (SERVICE_UNKNOWN
    /// for an unknown name) and then each change. Only the latest status is kept for a slow reader.
    /// Dispose the subscription to stop.
    /// </summary>
    internal HealthSubscription Subscribe(string serviceName)
    {
        var channel = Channel.CreateBounded<ServingStatus>(new BoundedChannelOptions(1)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_lock)
        {
            channel.Writer.TryWrite(_statuses.TryGetValue(serviceName, out var status) ? status : ServingStatus.ServiceUnknown);
            if (!_watchers.TryGetValue(serviceName, out var list))
            {
                _watchers[serviceName] = list = [];
            }
            list.Add(channel.Writer);
        }
        return new HealthSubscription(channel.Reader, () =>
        {
            lock (_lock)
            {
                if (_watchers.TryGetValue(serviceName, out var list))
                {
                    list.Remove(channel.Writer);
                }
            }
        });
    }

    private void Notify(string serviceName, ServingStatus status)
    {
        if (_watchers.TryGetValue(serviceName, out var list))
        {
            foreach (var writer in list)
            {
                writer.TryWrite(status);
            }
        }
    }
}

/// <summary>A watcher's view of one service's status changes.</summary>
internal sealed class HealthSubscription(ChannelReader<ServingStatus> reader, Action unsubscribe) : IDisposable
{
    public ChannelReader<ServingStatus> Reader { get; } = reader;

    public void Dispose() => unsubscribe();
}
