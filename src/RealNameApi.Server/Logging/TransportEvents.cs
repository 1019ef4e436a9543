using System.Collections.Concurrent;

namespace RealNameApi.Server.Logging;

/// <summary>
/// Counts the warnings and errors Kestrel logs about connections and requests and grpc-dotnet
/// about calls, and the connections the server itself closes for a flood
/// (<see cref="Transport.Http2FloodGuard"/>), by event, for
/// <see cref="TransportEventsReporter"/> to log as one line per event and period. A client can make
/// Kestrel log one line per frame it gets wrong (a rapid-reset flood made some 20-35 Critical lines
/// per connection), so these events reach the log only through this count; the first of each
/// period keeps its message, so a single real error is still seen, a period later at most.
/// </summary>
public sealed class TransportEvents
{
    /// <summary>
    /// The log categories counted here instead of logged line by line, with those below them:
    /// Kestrel's (HTTP/2 frames, a gRPC-Web body that is not base64: "automatic draining of the
    /// request body failed", an Error per request), and grpc-dotnet's about calls it could not read
    /// or finish (a request that does not decompress: an Error with its stack trace per call).
    /// A client can repeat any of these at will.
    /// </summary>
    public static readonly string[] Categories = ["Microsoft.AspNetCore.Server.Kestrel", "Grpc.AspNetCore.Server.ServerCallHandler"];

    /// <summary>The category of the server's own transport events (<see cref="Transport.Http2FloodGuard"/>).</summary>
    public const string ServerCategory = "RealNameApi.Server.Transport";

    // Kestrel's, grpc-dotnet's and the server's events are fixed sets of ids: a bounded set of keys.
    private readonly ConcurrentDictionary<(string Category, int Id, string? Name), Entry> _events = new();

    /// <summary>Whether this is the first such event since the last take: then its message is wanted.</summary>
    public bool IsFirst(string category, EventId id) => !_events.ContainsKey((category, id.Id, id.Name));

    /// <summary>Counts one event; <paramref name="message"/> is kept only for the first of the period.</summary>
    public void Count(string category, EventId id, LogLevel level, string? message, string? exceptionType)
    {
        var entry = _events.GetOrAdd((category, id.Id, id.Name), static (_, first) => new Entry(first.level, first.message, first.exceptionType), (level, message, exceptionType));
        entry.Add(level);
    }

    /// <summary>The events since the last take, which start again from zero.</summary>
    public IReadOnlyList<TakenEvent> Take()
    {
        var taken = new List<TakenEvent>();
        foreach (var key in _events.Keys)
        {
            if (_events.TryRemove(key, out var entry) && entry.Count > 0)
            {
                taken.Add(new TakenEvent(key.Category, key.Id, key.Name ?? key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), entry.Level, entry.Count, entry.Message, entry.ExceptionType));
            }
        }

        return taken;
    }

    /// <summary>One event's count over a period, with the first one's message.</summary>
    public sealed record TakenEvent(string Category, int Id, string Name, LogLevel Level, long Count, string? FirstMessage, string? ExceptionType);

    private sealed class Entry(LogLevel level, string? message, string? exceptionType)
    {
        private long _count;
        private int _level = (int)level;

        public long Count => Interlocked.Read(ref _count);

        public LogLevel Level => (LogLevel)Volatile.Read(ref _level);

        public string? Message { get; } = message;

        public string? ExceptionType { get; } = exceptionType;

        public void Add(LogLevel level)
        {
            Interlocked.Increment(ref _count);
            var seen = Volatile.Read(ref _level);
            while ((int)level > seen && Interlocked.CompareExchange(ref _level, (int)level, seen) != seen)
            {
                seen = Volatile.Read(ref _level);
            }
        }
    }
}

/// <summary>
/// The logger provider that receives <see cref="TransportEvents.Categories"/> (and nothing else:
/// see <see cref="TransportEventsLogging.AddTransportEventCounting"/>) and counts what it gets.
/// </summary>
[ProviderAlias("TransportEvents")]
internal sealed class TransportEventsLoggerProvider(TransportEvents events) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new CountingLogger(categoryName, events);

    public void Dispose()
    {
    }

    private sealed class CountingLogger(string category, TransportEvents events) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // Formatted only for the first of a period: a flood costs a dictionary lookup per line.
            var message = events.IsFirst(category, eventId) ? formatter(state, exception) : null;
            events.Count(category, eventId, logLevel, message, exception?.GetType().Name);
        }
    }
}
