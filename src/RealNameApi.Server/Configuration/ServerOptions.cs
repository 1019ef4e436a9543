namespace RealNameApi.Server.Configuration;

/// <summary>The <c>Server</c> section: ports, browser origins and the data directories.</summary>
public sealed class ServerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Server";

    /// <summary>
    /// The cleartext HTTP/2 port for gRPC. Cleartext HTTP/2 has no protocol negotiation, so this
    /// port speaks HTTP/2 only (prior knowledge), as every gRPC client does.
    /// </summary>
    public int GrpcPort { get; set; } = 5001;

    /// <summary>The HTTP/1.1 port: gRPC-Web for browsers and dashboards, and <c>/healthz</c>.</summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>The address both ports listen on: <c>127.0.0.1</c> (default), <c>0.0.0.0</c> or <c>::</c>.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>The browser origins allowed to call over gRPC-Web (CORS), or <c>*</c>. Empty: same origin only.</summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>A directory of catalog files that replace or add to the embedded ones. Empty: embedded only.</summary>
    public string? CatalogDirectory { get; set; }

    /// <summary>A directory of working-day calendar files that replace or add to the embedded ones. Empty: embedded only.</summary>
    public string? CalendarDirectory { get; set; }

    /// <summary>The problems with these options, empty when they are valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (GrpcPort is < 0 or > 65535)
        {
            yield return "Server:GrpcPort must be 0 (any free port) to 65535.";
        }
        if (HttpPort is < 0 or > 65535)
        {
            yield return "Server:HttpPort must be 0 (any free port) to 65535.";
        }
        if (GrpcPort != 0 && GrpcPort == HttpPort)
        {
            yield return "Server:GrpcPort and Server:HttpPort must differ: one speaks HTTP/2 only, the other HTTP/1.1.";
        }
        if (!System.Net.IPAddress.TryParse(ListenAddress, out _))
        {
            yield return "Server:ListenAddress must be an IP address such as 127.0.0.1 or 0.0.0.0.";
        }
        foreach (var directory in new[] { ("Server:CatalogDirectory", CatalogDirectory), ("Server:CalendarDirectory", CalendarDirectory) })
        {
            if (!string.IsNullOrEmpty(directory.Item2) && !Directory.Exists(directory.Item2))
            {
                yield return $"{directory.Item1} names a directory that does not exist.";
            }
        }
    }
}
