using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace RealNameApi.Server.Memory;

/// <summary>Binds the <c>Memory</c> section, gives Kestrel pools that can be trimmed and starts <see cref="IdleMemoryRelease"/>.</summary>
public static class MemoryServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="MemoryOptions"/> (start-up fails on a bad value), gives
    /// Kestrel its buffer pools (<see cref="TrimmableBlockPool"/>) and adds the idle release.
    /// </summary>
    public static IServiceCollection AddIdleMemoryRelease(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MemoryOptions>()
            .Bind(configuration.GetSection(MemoryOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<MemoryOptions>, MemoryValidator>();
        services.AddSingleton<TrimmableBlockPoolFactory>();
        // Kestrel (since .NET 10) takes its pools from the IMemoryPoolFactory in DI, else its own.
        services.AddSingleton<IMemoryPoolFactory<byte>>(provider => provider.GetRequiredService<TrimmableBlockPoolFactory>());
        services.AddHostedService<IdleMemoryRelease>();
        return services;
    }

    private sealed class MemoryValidator : IValidateOptions<MemoryOptions>
    {
        public ValidateOptionsResult Validate(string? name, MemoryOptions options)
        {
            var problems = options.Validate().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
