using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RealNameApi.Diagnosis.Catalog;

/// <summary>
/// Loads the failure catalog: the platform files embedded in this assembly, replaced or added
/// to by the <c>*.yaml</c> files of an override directory (a file there named like an embedded
/// one replaces it; any other adds a platform). Everything is validated before the catalog is
/// built; any fault stops the load with every fault listed.
/// </summary>
public static class CatalogLoader
{
    private const string ResourcePrefix = "catalog/";

    private static readonly JsonSerializerOptions CanonicalJson = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        IgnoreReadOnlyProperties = true,
    };

    /// <summary>Loads the embedded catalog.</summary>
    /// <exception cref="CatalogLoadException">The embedded data is invalid.</exception>
    public static FailureCatalog LoadEmbedded() => Load(null);

    /// <summary>Loads the embedded catalog with the files of <paramref name="overrideDirectory"/> over it.</summary>
    /// <exception cref="CatalogLoadException">A file is invalid, or the directory does not exist.</exception>
    public static FailureCatalog Load(string? overrideDirectory)
    {
        var files = EmbeddedFiles();
        if (!string.IsNullOrEmpty(overrideDirectory))
        {
            if (!Directory.Exists(overrideDirectory))
            {
                throw new CatalogLoadException([new CatalogError(overrideDirectory, null, "(directory)", "does not exist")]);
            }

            foreach (var path in Directory.EnumerateFiles(overrideDirectory, "*.yaml"))
            {
                files[Path.GetFileName(path)] = File.ReadAllText(path, Encoding.UTF8);
            }
        }

        return FromFiles(files);
    }

    /// <summary>Builds a catalog from platform files given as name and YAML text.</summary>
    /// <exception cref="CatalogLoadException">A file is invalid.</exception>
    public static FailureCatalog FromFiles(IReadOnlyDictionary<string, string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var errors = new List<CatalogError>();
        var platforms = new List<PlatformDefinition>();
        var canonical = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, yaml) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var platform = CatalogFileReader.Read(name, yaml, errors, out var parsed);
            if (platform is not null)
            {
                platforms.Add(platform);
                canonical[platform.Id] = JsonSerializer.Serialize(parsed, CanonicalJson);
            }
        }

        if (platforms.Count == 0 && errors.Count == 0)
        {
            errors.Add(new CatalogError("(catalog)", null, "(files)", "no platform files"));
        }

        if (errors.Count > 0)
        {
            throw new CatalogLoadException(errors);
        }

        return new FailureCatalog(platforms, Version(canonical));
    }

    // The canonical content is each platform file as parsed (comments, layout and anchors gone,
    // keys in a fixed order), by platform id; a change to any value changes the version.
    private static string Version(SortedDictionary<string, string> canonical)
    {
        var builder = new StringBuilder();
        foreach (var (id, json) in canonical)
        {
            builder.Append(id).Append('\n').Append(json).Append('\n');
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString()));
        return Convert.ToHexStringLower(hash.AsSpan(0, 6));
    }

    private static Dictionary<string, string> EmbeddedFiles()
    {
        var assembly = typeof(CatalogLoader).Assembly;
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                files[resource[ResourcePrefix.Length..]] = ReadResource(assembly, resource);
            }
        }

        return files;
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
