using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using RealNameApi.Contracts.V1;
using RealNameApi.Server.Tests.Infrastructure;
using static RealNameApi.Server.Tests.Infrastructure.Calls;

namespace RealNameApi.Server.Tests.Security;

/// <summary>
/// The TLS port, with a certificate from a CA the test made: native gRPC over HTTP/2 (ALPN h2)
/// from Grpc.Net.Client and from grpcio (grpc's C core), gRPC-Web over HTTP/1.1 and HTTP/2 on
/// the same port, and no connection for a client that does not trust the CA.
/// </summary>
[Collection(SecuredServerGroup.Name)]
public sealed class TlsTests(SecuredServer fixture)
{
    private const string Python = "/usr/bin/python3";

    private Uri Tls => fixture.Server.TlsAddress ?? throw new InvalidOperationException("The server announced no TLS port.");

    [Fact]
    public async Task The_TLS_port_negotiates_h2_and_http_1_1_by_ALPN()
    {
        Assert.Equal("https", Tls.Scheme);
        Assert.Equal(SslApplicationProtocol.Http2, await NegotiateAsync([SslApplicationProtocol.Http2, SslApplicationProtocol.Http11]));
        Assert.Equal(SslApplicationProtocol.Http11, await NegotiateAsync([SslApplicationProtocol.Http11]));
    }

    [Fact]
    public async Task Grpc_Net_Client_trusting_the_test_CA_calls_over_TLS_natively_and_over_gRPC_Web_on_HTTP_1_1_and_HTTP_2()
    {
        using var native = GrpcChannel.ForAddress(Tls, new GrpcChannelOptions { HttpHandler = fixture.Certificates.TrustingHandler() });
        var response = await new RemediationService.RemediationServiceClient(native).DiagnoseAsync(
            new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch }, Options(headers: fixture.TenantAll.Headers));
        Assert.Equal(Category.FaceMismatch, response.Diagnosis.Category);
        var denied = await Assert.ThrowsAsync<RpcException>(() => new RemediationService.RemediationServiceClient(native).DiagnoseAsync(
            new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch }, Options()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, denied.StatusCode);

        foreach (var version in new[] { HttpVersion.Version11, HttpVersion.Version20 })
        {
            using var web = GrpcChannel.ForAddress(Tls, new GrpcChannelOptions
            {
                HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWeb, fixture.Certificates.TrustingHandler()),
                HttpVersion = version,
                HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            });
            var overWeb = await new RemediationService.RemediationServiceClient(web).DiagnoseAsync(
                new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch }, Options(headers: fixture.TenantAll.Headers));
            Assert.Equal(Category.FaceMismatch, overWeb.Diagnosis.Category);
        }
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_CA_gets_no_connection()
    {
        using var untrusting = GrpcChannel.ForAddress(Tls);
        var error = await Assert.ThrowsAsync<RpcException>(() => new RemediationService.RemediationServiceClient(untrusting).DiagnoseAsync(
            new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch }, Options(headers: fixture.TenantAll.Headers)).ResponseAsync);
        // Grpc.Net.Client reports the failed handshake as INTERNAL (its exception inside): never an answer.
        Assert.True(error.StatusCode is StatusCode.Internal or StatusCode.Unavailable, error.ToString());
        Assert.Contains("SSL", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grpcio_with_ssl_channel_credentials_of_the_test_CA_calls_over_TLS()
    {
        var probe = await ExternalProcess.RunAsync(Python, ["-c", "import grpc"], TimeSpan.FromSeconds(30));
        Assert.True(probe.ExitCode == 0, $"Debian's python3-grpcio is needed (tests/run.sh installs it): {probe.Describe()}");

        var request = new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch, Locale = "en" }.ToByteArray();
        // The request goes as serialized bytes, so the script needs no generated stubs.
        const string script = """
            import binascii, grpc, sys
            target, ca, key, request = sys.argv[1], open(sys.argv[2], 'rb').read(), sys.argv[3], binascii.unhexlify(sys.argv[4])
            with grpc.secure_channel(target, grpc.ssl_channel_credentials(root_certificates=ca)) as channel:
                diagnose = channel.unary_unary('/realname.v1.RemediationService/Diagnose')
                try:
                    diagnose(request, timeout=10)
                except grpc.RpcError as error:
                    print('without key:', error.code().name)
                print('with key:', binascii.hexlify(diagnose(request, timeout=10, metadata=[('authorization', 'Bearer ' + key)])).decode())
            """;
        var result = await ExternalProcess.RunAsync(Python,
            ["-c", script, $"localhost:{Tls.Port}", fixture.Certificates.AuthorityPath, fixture.TenantAll.Secret, Convert.ToHexString(request)],
            TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, result.Describe());
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("without key: UNAUTHENTICATED", lines[0]);
        var response = DiagnoseResponse.Parser.ParseFrom(Convert.FromHexString(lines[1]["with key: ".Length..]));
        Assert.Equal(Category.FaceMismatch, response.Diagnosis.Category);
        Assert.Equal("en", response.Diagnosis.Locale);
    }

    [Fact]
    public async Task A_PING_flood_over_TLS_is_closed_as_on_the_cleartext_port()
    {
        await using var tls = await ConnectAsync([SslApplicationProtocol.Http2]);

        var flood = await Http2Flood.RunAsync(tls, Http2Flood.Ping, [], maxFrames: 5_000_000);

        Assert.True(flood.Closed, $"the connection was still open after {flood.Sent:N0} PINGs");
        Assert.InRange(flood.Sent, 10_000, 2_000_000);
    }

    private async Task<SslApplicationProtocol> NegotiateAsync(List<SslApplicationProtocol> offered)
    {
        await using var tls = await ConnectAsync(offered);
        return tls.NegotiatedApplicationProtocol;
    }

    // A TLS connection to the TLS port, trusting the test CA, offering these protocols by ALPN;
    // disposing the stream closes the connection.
    private async Task<SslStream> ConnectAsync(List<SslApplicationProtocol> offered)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, Tls.Port);
        using var handler = fixture.Certificates.TrustingHandler();
        var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            ApplicationProtocols = offered,
            RemoteCertificateValidationCallback = handler.SslOptions.RemoteCertificateValidationCallback,
        });
        return tls;
    }
}
