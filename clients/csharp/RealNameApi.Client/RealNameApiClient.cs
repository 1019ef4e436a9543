using System.Net;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using RealNameApi.Contracts.V1;

namespace RealNameApi.Client;

/// <summary>
/// The two generated clients on one channel, with <see cref="CallDefaultsInterceptor"/>, for
/// callers without dependency injection (with it, use <c>AddRealNameApiClient</c>). Thread-safe;
/// keep one per server for the life of the application, dispose it at the end.
/// </summary>
public sealed class RealNameApiClient : IDisposable
{
    private RealNameApiClient(GrpcChannel channel, RealNameApiClientOptions options)
    {
        Channel = channel;
        CallInvoker = channel.Intercept(new CallDefaultsInterceptor(options));
        Remediation = new RemediationService.RemediationServiceClient(CallInvoker);
        Statuses = new VerificationStatusService.VerificationStatusServiceClient(CallInvoker);
    }

    /// <summary>The channel (its HTTP/2 connections).</summary>
    public GrpcChannel Channel { get; }

    /// <summary>The channel with the defaults applied, for other generated clients.</summary>
    public CallInvoker CallInvoker { get; }

    /// <summary><c>realname.v1.RemediationService</c>: diagnose, validate, the catalog.</summary>
    public RemediationService.RemediationServiceClient Remediation { get; }

    /// <summary><c>realname.v1.VerificationStatusService</c>: the recorded cases.</summary>
    public VerificationStatusService.VerificationStatusServiceClient Statuses { get; }

    /// <summary>A client of the server at <paramref name="address"/>, with the default options.</summary>
    public static RealNameApiClient Create(string address) => Create(new RealNameApiClientOptions { Address = new Uri(address) });

    /// <summary>A client with the given options.</summary>
    public static RealNameApiClient Create(RealNameApiClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var channelOptions = new GrpcChannelOptions();
        Configure(channelOptions, options);
        if (options.GrpcWeb is { } mode)
        {
            channelOptions.HttpHandler = new GrpcWebHandler(mode, new SocketsHttpHandler());
        }
        return new RealNameApiClient(GrpcChannel.ForAddress(options.Address, channelOptions), options);
    }

    /// <summary>The channel settings the options imply; shared with <c>AddRealNameApiClient</c>.</summary>
    internal static void Configure(GrpcChannelOptions channel, RealNameApiClientOptions options)
    {
        channel.MaxReceiveMessageSize = options.MaxReceiveMessageSize;
        if (options.GrpcWeb is not null)
        {
            // gRPC-Web is for the server's HTTP/1.1 port.
            channel.HttpVersion = HttpVersion.Version11;
            channel.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }
    }

    /// <inheritdoc />
    public void Dispose() => Channel.Dispose();
}
