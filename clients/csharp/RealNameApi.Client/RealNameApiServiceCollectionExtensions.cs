using Grpc.Net.Client.Web;
using Microsoft.Extensions.DependencyInjection;
using RealNameApi.Client;
using RealNameApi.Contracts.V1;

// In the namespace of IServiceCollection, as ASP.NET Core's own Add* methods are.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the RealNameApi clients with Grpc.Net.ClientFactory.</summary>
public static class RealNameApiServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="RemediationService.RemediationServiceClient"/> and
    /// <see cref="VerificationStatusService.VerificationStatusServiceClient"/>, each from the
    /// client factory (pooled HTTP handlers), with the defaults of <paramref name="configure"/>.
    /// </summary>
    /// <returns>The builders of the two clients, to add handlers or interceptors of your own.</returns>
    public static (IHttpClientBuilder Remediation, IHttpClientBuilder Statuses) AddRealNameApiClient(this IServiceCollection services, Action<RealNameApiClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new RealNameApiClientOptions();
        configure(options);
        return (Add<RemediationService.RemediationServiceClient>(services, options), Add<VerificationStatusService.VerificationStatusServiceClient>(services, options));
    }

    private static IHttpClientBuilder Add<TClient>(IServiceCollection services, RealNameApiClientOptions options)
        where TClient : class
    {
        var builder = services
            .AddGrpcClient<TClient>(factory => factory.Address = options.Address)
            .ConfigureChannel(channel => RealNameApiClient.Configure(channel, options))
            .AddInterceptor(() => new CallDefaultsInterceptor(options));
        if (options.GrpcWeb is { } mode)
        {
            builder.AddHttpMessageHandler(() => new GrpcWebHandler(mode));
        }
        return builder;
    }
}
