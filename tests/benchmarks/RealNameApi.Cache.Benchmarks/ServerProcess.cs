using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace RealNameApi.Cache.Benchmarks;

/// <summary>
/// The real server, its own build output run as <c>dotnet RealNameApi.Server.dll</c> on free ports
/// (<c>--Server:GrpcPort=0 --Server:HttpPort=0</c>), with its working directory next to it so its
/// appsettings.json applies as in production. Ready once both ports are in its log and
/// <c>/healthz</c> answers.
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly GuardedProcess _process;
    private int _problemsSeen;

    private ServerProcess(GuardedProcess process) => _process = process;

    /// <summary>The server's process id, if known.</summary>
    public int? ProcessId => _process.ChildId;

    /// <summary>The gRPC port (HTTP/2 cleartext, prior knowledge): the first "Now listening on".</summary>
    public Uri GrpcAddress { get; private set; } = null!;

    /// <summary>The HTTP/1.1 port (gRPC-Web, /healthz): the second "Now listening on".</summary>
    public Uri HttpAddress { get; private set; } = null!;

    /// <summary>
    /// The server's log entries at Warning or above: in the console format, a line "warn: Category[id]"
    /// ("fail:", "crit:") followed by the message, indented.
    /// </summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            var lines = _process.Lines;
            return [.. lines
                .Select((line, i) => (line, i))
                .Where(l => l.line.StartsWith("warn:", StringComparison.Ordinal) || l.line.StartsWith("fail:", StringComparison.Ordinal) || l.line.StartsWith("crit:", StringComparison.Ordinal))
                .Select(l => l.i + 1 < lines.Count ? $"{l.line} {lines[l.i + 1].Trim()}" : l.line)];
        }
    }

    /// <summary>The <see cref="Problems"/> logged since the previous call.</summary>
    public IReadOnlyList<string> NewProblems()
    {
        var problems = Problems;
        var fresh = problems.Skip(_problemsSeen).ToList();
        _problemsSeen = problems.Count;
        return fresh;
    }

    /// <summary>The server's entry assembly: src/RealNameApi.Server/bin/{this build's configuration}/net10.0.</summary>
    public static string Assembly
    {
        get
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "RealNameApi.sln")))
            {
                root = root.Parent;
            }

            if (root is null)
            {
                throw new InvalidOperationException($"No RealNameApi.sln above {AppContext.BaseDirectory}: run the benchmark from the repository's build output.");
            }

            var configuration = typeof(ServerProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration is { Length: > 0 } c ? c : "Release";
            var assembly = Path.Combine(root.FullName, "src", "RealNameApi.Server", "bin", configuration, "net10.0", "RealNameApi.Server.dll");
            return File.Exists(assembly)
                ? assembly
                : throw new InvalidOperationException($"{assembly} is missing: build the solution in {configuration} first (dotnet run builds it).");
        }
    }

    public static async Task<ServerProcess> StartAsync(IEnumerable<string> configuration, CancellationToken cancellationToken)
    {
        var assembly = Assembly;
        var process = GuardedProcess.Start("server", "dotnet",
            [assembly, "--Server:GrpcPort=0", "--Server:HttpPort=0", .. configuration],
            Path.GetDirectoryName(assembly));
        var server = new ServerProcess(process);
        try
        {
            await server.WaitUntilReadyAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var timeout = TimeSpan.FromSeconds(60);
        while (true)
        {
            var listening = _process.Lines.Select(l => NowListening().Match(l)).Where(m => m.Success).Select(m => new Uri(m.Groups[1].Value)).ToList();
            if (listening.Count >= 2)
            {
                GrpcAddress = listening[0];
                HttpAddress = listening[1];
                break;
            }

            if (_process.HasExited || clock.Elapsed > timeout)
            {
                throw new InvalidOperationException($"The server did not start. Its output:\n{string.Join('\n', _process.Lines)}");
            }

            await Task.Delay(50, cancellationToken);
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(HttpAddress, "/healthz"), cancellationToken);
                if (response.IsSuccessStatusCode && await response.Content.ReadAsStringAsync(cancellationToken) == "ok")
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
            }

            if (_process.HasExited || clock.Elapsed > timeout)
            {
                throw new InvalidOperationException($"/healthz on {HttpAddress} did not answer ok. The server's output:\n{string.Join('\n', _process.Lines)}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex NowListening();
}
