using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace RealNameApi.Server.Configuration;

/// <summary>Binds the <c>Limits</c> section and applies it to Kestrel.</summary>
public static class LimitsServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="LimitsOptions"/> (start-up fails on a bad value) and sets
    /// Kestrel's limits from it. Kestrel enforces every one of them itself; nothing here runs
    /// per request.
    /// </summary>
    public static IServiceCollection AddServerLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LimitsOptions>()
            .Bind(configuration.GetSection(LimitsOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<LimitsOptions>, LimitsValidator>();
        services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<LimitsOptions>>((kestrel, limits) => Apply(limits.Value, kestrel.Limits));
        return services;
    }

    private static void Apply(LimitsOptions options, KestrelServerLimits limits)
    {
        limits.MaxConcurrentConnections = options.MaxConnections;
        limits.MaxConcurrentUpgradedConnections = options.MaxConnections;
        limits.KeepAliveTimeout = options.KeepAliveTimeout;
        limits.RequestHeadersTimeout = options.RequestHeadersTimeout;
        limits.MinRequestBodyDataRate = Rate(options.MinRequestBodyBytesPerSecond, options.MinRequestBodyGracePeriod);
        limits.MinResponseDataRate = Rate(options.MinResponseBytesPerSecond, options.MinResponseGracePeriod);
        limits.MaxRequestHeadersTotalSize = options.KestrelHeadersTotalSize;
        limits.Http2.MaxStreamsPerConnection = options.MaxStreamsPerConnection;
        limits.Http2.InitialConnectionWindowSize = options.InitialConnectionWindowSize;
        limits.Http2.InitialStreamWindowSize = options.InitialStreamWindowSize;
        // One header field may be as large as all of them together, so that it too is answered.
        limits.Http2.MaxRequestHeaderFieldSize = options.KestrelHeadersTotalSize;
    }

    private static MinDataRate? Rate(double bytesPerSecond, TimeSpan grace) =>
        bytesPerSecond > 0 ? new MinDataRate(bytesPerSecond, grace) : null;

    // Reports every problem at once, with the keys at fault, as the other sections do.
    private sealed class LimitsValidator : IValidateOptions<LimitsOptions>
    {
        public ValidateOptionsResult Validate(string? name, LimitsOptions options)
        {
            var problems = options.Validate().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
