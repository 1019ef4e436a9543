using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RealNameApi.Caching.Tests.Infrastructure;

/// <summary>Keeps every log entry written through its loggers, to assert what was (and was not) logged.</summary>
public sealed class LogSink
{
    public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

    public ILogger<T> For<T>() => new CapturingLogger<T>(this);

    /// <summary>Every message and exception text written, for scanning.</summary>
    public string AllText() => string.Join('\n', Entries.Select(e => $"{e.Level} {e.Message} {e.Exception}"));

    private sealed class CapturingLogger<T>(LogSink sink) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Entries.Enqueue((logLevel, formatter(state, exception), exception));
    }
}
