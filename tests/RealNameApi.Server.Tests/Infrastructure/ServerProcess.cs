using System.Collections;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using RealNameApi.Rpc.Client;

namespace RealNameApi.Server.Tests.Infrastructure;

/// <summary>
/// The real, built server (<c>dotnet RealNameApi.Server.dll</c>) as a child process on free ports,
/// with its standard output and error captured line by line. Disposing kills its process tree.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(45);

    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private readonly List<Uri> _listening = [];
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private (Uri Grpc, Uri Http)? _announced;

    private ServerProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    /// <summary>A name for failure messages ("A", "B", "embedded").</summary>
    public string Name { get; }

    /// <summary>The gRPC port (HTTP/2 cleartext, prior knowledge).</summary>
    public Uri GrpcAddress { get; private set; } = null!;

    /// <summary>The HTTP/1.1 port (gRPC-Web and /healthz).</summary>
    public Uri HttpAddress { get; private set; } = null!;

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the server has printed so far, standard output and error interleaved.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    /// <summary>
    /// Starts the server with <c>--Server:GrpcPort=0 --Server:HttpPort=0</c> and the given extra
    /// configuration arguments (<c>--Key:Sub=value</c>), reads both ports from its log and waits
    /// until <c>/healthz</c> answers.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string name, params string[] configuration)
    {
        var assembly = Repository.ServerAssembly;
        var start = new ProcessStartInfo(ExternalProcess.Find("dotnet") ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            // The content root: appsettings.json is next to the assembly.
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("--Server:GrpcPort=0");
        start.ArgumentList.Add("--Server:HttpPort=0");
        start.ArgumentList.Add("--Server:ListenAddress=127.0.0.1");
        foreach (var argument in configuration)
        {
            start.ArgumentList.Add(argument);
        }

        // Only what the test passes configures the server, not whatever the environment holds.
        foreach (var key in ((IEnumerable)start.Environment).Cast<KeyValuePair<string, string?>>().Select(e => e.Key).ToList())
        {
            if (key.StartsWith("Server__", StringComparison.OrdinalIgnoreCase) || key.StartsWith("Redis__", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("Cache__", StringComparison.OrdinalIgnoreCase) || key.StartsWith("Status__", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("Logging__", StringComparison.OrdinalIgnoreCase)
                || key is "ASPNETCORE_URLS" or "DOTNET_URLS" or "ASPNETCORE_ENVIRONMENT" or "DOTNET_ENVIRONMENT")
            {
                start.Environment.Remove(key);
            }
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var server = new ServerProcess(name, process);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.Exited += (_, _) => server._started.TrySetException(new InvalidOperationException($"Server {name} exited with {process.ExitCode} while starting."));
        if (!process.Start())
        {
            throw new InvalidOperationException("dotnet did not start.");
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Kill();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await server._started.Task.WaitAsync(StartTimeout);
            await server.WaitUntilHealthyAsync();
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or HttpRequestException or OperationCanceledException)
        {
            server.Kill();
            // Let the output readers drain, so the message shows why.
            await Task.Delay(300);
            throw new InvalidOperationException($"Server {name} did not start ({e.Message}). Its output:\n{server.Output}", e);
        }

        return server;
    }

    /// <summary>A native gRPC channel to the gRPC port.</summary>
    public RpcChannel CreateChannel() => new(GrpcAddress);

    /// <summary>A gRPC-Web channel to the HTTP/1.1 port.</summary>
    public RpcChannel CreateWebChannel(GrpcWebMode mode) => new(HttpAddress, new RpcChannelOptions { WebMode = mode });

    /// <summary>Waits until a line containing <paramref name="text"/> has been printed.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"Server {Name} did not print \"{text}\" within {timeout}. Its output:\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (TimeoutException)
        {
        }

        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _lines.Add(line);
            if (NowListening().Match(line) is { Success: true } listening)
            {
                _listening.Add(new Uri(listening.Groups[1].Value));
            }

            if (Serving().Match(line) is { Success: true } serving)
            {
                _announced = (new Uri(serving.Groups[1].Value), new Uri(serving.Groups[2].Value));
            }

            // Kestrel logs one "Now listening on" per endpoint, in the order Program.cs listens:
            // the gRPC port first, then the HTTP/1.1 port; the server's own line names both, so the
            // order is checked, not assumed.
            if (_listening.Count >= 2 && _announced is { } announced && !_started.Task.IsCompleted)
            {
                if (_listening[0] != announced.Grpc || _listening[1] != announced.Http)
                {
                    _started.TrySetException(new InvalidOperationException(
                        $"Kestrel listens on {_listening[0]} then {_listening[1]}, but the server says gRPC is on {announced.Grpc} and HTTP/1.1 on {announced.Http}."));
                    return;
                }

                GrpcAddress = announced.Grpc;
                HttpAddress = announced.Http;
                _started.TrySetResult();
            }
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(HttpAddress, "/healthz"));
                if (response.IsSuccessStatusCode && await response.Content.ReadAsStringAsync() == "ok")
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && clock.Elapsed < TimeSpan.FromSeconds(15))
            {
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(15))
            {
                throw new TimeoutException("/healthz did not answer ok within 15 s.");
            }

            await Task.Delay(50);
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex NowListening();

    [GeneratedRegex(@"serving gRPC \(HTTP/2\) on (http://\S+) and gRPC-Web, /healthz \(HTTP/1\.1\) on (http://\S+)")]
    private static partial Regex Serving();
}
