using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RealNameApi.Server.Logging;

/// <summary>Routes Kestrel's connection and request events and grpc-dotnet's call events to <see cref="TransportEvents"/> instead of the log.</summary>
public static class TransportEventsLogging
{
    /// <summary>
    /// Every other logger provider (console, OpenTelemetry) gets nothing of
    /// <see cref="TransportEvents.Categories"/>; <see cref="TransportEventsLoggerProvider"/> gets their
    /// warnings and worse, and <see cref="TransportEventsReporter"/> logs them summed. Filter rules
    /// go by the most specific category, so these outrank the <c>Microsoft.AspNetCore</c> level of
    /// appsettings.json, and, added after the configuration's, a level configured for these
    /// categories themselves: their events reach the log only summed.
    /// </summary>
    public static ILoggingBuilder AddTransportEventCounting(this ILoggingBuilder logging)
    {
        logging.Services.TryAddSingleton<TransportEvents>();
        logging.Services.AddSingleton<ILoggerProvider, TransportEventsLoggerProvider>();
        logging.Services.AddHostedService<TransportEventsReporter>();
        // Nothing else reaches the counting provider: rules naming a provider outrank the rest.
        logging.AddFilter<TransportEventsLoggerProvider>(null, LogLevel.None);
        foreach (var category in TransportEvents.Categories)
        {
            logging.AddFilter(category, LogLevel.None);
            logging.AddFilter<TransportEventsLoggerProvider>(category, LogLevel.Warning);
        }

        return logging;
    }
}
