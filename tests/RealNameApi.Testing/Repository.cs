using System.Reflection;

namespace RealNameApi.Testing;

/// <summary>Where the repository and the build outputs are.</summary>
public static class Repository
{
    private static readonly Lazy<string> LazyRoot = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RealNameApi.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No RealNameApi.sln above {AppContext.BaseDirectory}: run from the repository's build output.");
    });

    /// <summary>The repository root (the directory holding RealNameApi.sln).</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The build configuration of this build (Debug, Release), so the server of the same build runs.</summary>
    public static string Configuration =>
        typeof(Repository).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration is { Length: > 0 } configuration
            ? configuration
            : "Debug";

    /// <summary>
    /// The server's entry assembly: the copy next to this test assembly (the SDK copies a referenced
    /// executable with its runtimeconfig and appsettings), else the server project's own output
    /// for this configuration.
    /// </summary>
    public static string ServerAssembly
    {
        get
        {
            string[] candidates =
            [
                AppContext.BaseDirectory,
                Path.Combine(Root, "src", "RealNameApi.Server", "bin", Configuration, "net10.0"),
            ];
            foreach (var directory in candidates)
            {
                var assembly = Path.Combine(directory, "RealNameApi.Server.dll");
                if (File.Exists(assembly) && File.Exists(Path.Combine(directory, "RealNameApi.Server.runtimeconfig.json")))
                {
                    return assembly;
                }
            }

            throw new InvalidOperationException(
                $"RealNameApi.Server.dll (with its runtimeconfig.json) is in none of: {string.Join(", ", candidates)}. Build the solution first (dotnet build -c {Configuration}).");
        }
    }
}
