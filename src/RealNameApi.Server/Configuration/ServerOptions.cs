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

    /// <summary>
    /// The browser origins allowed to call over gRPC-Web (CORS), or <c>*</c> for any. Empty: same
    /// origin only. Read by <see cref="Read"/> from a list (<c>Server:AllowedOrigins:0</c>, a JSON
    /// array), a single value or a comma-separated one (<c>--Server:AllowedOrigins=a,b</c>).
    /// </summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>Whether every origin may call (<c>*</c>).</summary>
    public bool AllowsAnyOrigin => AllowedOrigins.Contains("*");

    /// <summary>
    /// The options of the <c>Server</c> section. The configuration binder fills a list only from
    /// indexed keys and silently drops a plain value, so <see cref="AllowedOrigins"/> is read here
    /// from both shapes.
    /// </summary>
    public static ServerOptions Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        var options = section.Get<ServerOptions>() ?? new ServerOptions();
        var origins = section.GetSection(nameof(AllowedOrigins));
        var values = origins.GetChildren().Select(c => c.Value).Append(origins.Value);
        options.AllowedOrigins.Clear();
        foreach (var origin in values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            // Browsers send the origin without a trailing slash.
            options.AllowedOrigins.Add(origin.TrimEnd('/'));
        }
        return options;
    }

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
        foreach (var origin in AllowedOrigins)
        {
            if (origin != "*" && !(Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/" && uri.Query.Length == 0))
            {
                yield return $"Server:AllowedOrigins holds '{origin}', which is not an origin: give scheme, host and port only, such as http://localhost:3000, or * for any.";
            }
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
