using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RealNameApi.Server.Tests.Infrastructure;

/// <summary>
/// A certificate authority made for the test run and a server certificate it signed for
/// <c>localhost</c> and <c>127.0.0.1</c>, written as PEM files the server reads
/// (<c>Server:Tls:CertificatePath</c>, <c>Server:Tls:KeyPath</c>) and clients trust (the CA).
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("realname-tls-").FullName;

    public TestCertificates()
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=RealNameApi test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        Authority = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Authority, true, false));
        using var server = serverRequest.Create(Authority, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(16));

        AuthorityPath = Path.Combine(_directory, "ca.pem");
        CertificatePath = Path.Combine(_directory, "server.pem");
        KeyPath = Path.Combine(_directory, "server-key.pem");
        File.WriteAllText(AuthorityPath, Authority.ExportCertificatePem());
        File.WriteAllText(CertificatePath, server.ExportCertificatePem());
        File.WriteAllText(KeyPath, serverKey.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>The CA certificate (public part), for clients to trust.</summary>
    public X509Certificate2 Authority { get; }

    public string AuthorityPath { get; }

    public string CertificatePath { get; }

    public string KeyPath { get; }

    /// <summary>The server's TLS configuration, as arguments.</summary>
    public IEnumerable<string> ServerArguments() =>
        ["--Server:TlsPort=0", $"--Server:Tls:CertificatePath={CertificatePath}", $"--Server:Tls:KeyPath={KeyPath}"];

    /// <summary>A handler that trusts this CA alone (and still checks the host name), as a client of a private CA is set up.</summary>
    public SocketsHttpHandler TrustingHandler() => new()
    {
        SslOptions =
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || (errors & ~System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors) != System.Net.Security.SslPolicyErrors.None)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(Authority);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            },
        },
    };

    public void Dispose()
    {
        Authority.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
