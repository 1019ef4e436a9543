using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RealNameApi.Server.Configuration;

/// <summary>
/// HTTPS: <c>Server:TlsPort</c> and the PEM files of <c>Server:Tls:CertificatePath</c> (the
/// certificate, optionally followed by its chain) and <c>Server:Tls:KeyPath</c> (its private key).
/// The TLS port speaks HTTP/2 and HTTP/1.1, chosen by ALPN: native gRPC over HTTP/2, gRPC-Web
/// over either. Unset: no TLS port; the cleartext ports are for loopback development and for
/// running behind a TLS-terminating proxy.
/// </summary>
public sealed class TlsOptions
{
    /// <summary>The TLS port; null for none, 0 for any free port.</summary>
    public int? Port { get; init; }

    /// <summary>The PEM certificate file.</summary>
    public string? CertificatePath { get; init; }

    /// <summary>The PEM private key file (PKCS#8, PKCS#1 or SEC1, unencrypted).</summary>
    public string? KeyPath { get; init; }

    /// <summary>Whether a TLS port is configured.</summary>
    public bool IsEnabled => Port is not null;

    /// <summary>The options, from <c>Server:TlsPort</c> and <c>Server:Tls:*</c>.</summary>
    public static TlsOptions Read(IConfiguration configuration) => new()
    {
        Port = configuration.GetValue<int?>("Server:TlsPort"),
        CertificatePath = configuration["Server:Tls:CertificatePath"],
        KeyPath = configuration["Server:Tls:KeyPath"],
    };

    /// <summary>The problems with these options, empty when none.</summary>
    public IEnumerable<string> Validate()
    {
        if (!IsEnabled)
        {
            if (!string.IsNullOrEmpty(CertificatePath) || !string.IsNullOrEmpty(KeyPath))
            {
                yield return "Server:Tls:CertificatePath or Server:Tls:KeyPath is set but Server:TlsPort is not: set the port to serve TLS.";
            }

            yield break;
        }

        if (Port is < 0 or > 65535)
        {
            yield return "Server:TlsPort must be 0 (any free port) to 65535.";
        }

        foreach (var (name, path) in new[] { ("Server:Tls:CertificatePath", CertificatePath), ("Server:Tls:KeyPath", KeyPath) })
        {
            if (string.IsNullOrEmpty(path))
            {
                yield return $"Server:TlsPort is set, so {name} must name a PEM file.";
            }
            else if (!File.Exists(path))
            {
                yield return $"{name} names a file that does not exist.";
            }
        }
    }

    /// <summary>The certificates after the first in the certificate file: the chain sent with it.</summary>
    public X509Certificate2Collection LoadChain()
    {
        var all = new X509Certificate2Collection();
        all.ImportFromPemFile(CertificatePath!);
        var chain = new X509Certificate2Collection();
        for (var i = 1; i < all.Count; i++)
        {
            chain.Add(all[i]);
        }

        return chain;
    }

    /// <summary>The certificate with its private key, from the PEM files.</summary>
    /// <exception cref="InvalidOperationException">The files hold no certificate, no matching key, or one past its validity.</exception>
    public X509Certificate2 LoadCertificate()
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(CertificatePath!, KeyPath);
        }
        catch (CryptographicException e)
        {
            // The exception's message names no secret, only what it could not read.
            throw new InvalidOperationException($"Server:Tls:CertificatePath and Server:Tls:KeyPath do not hold a PEM certificate and its private key: {e.Message}", e);
        }

        if (certificate.NotAfter < DateTime.Now)
        {
            throw new InvalidOperationException($"The certificate of Server:Tls:CertificatePath expired on {certificate.NotAfter:yyyy-MM-dd}.");
        }

        return certificate;
    }
}
