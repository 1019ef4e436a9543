using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Net;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;

namespace RealNameApi.Testing;

/// <summary>
/// The real, built server (<c>dotnet RealNameApi.Server.dll</c>) as a child process on free ports,
/// with its standard output and error kept line by line. Ready once both ports are in its log and
/// <c>/healthz</c> answers. Disposing kills it.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    // The server runs under a small shell guard that kills it when the guard's standard input
    // closes: on dispose, and also when this process dies in any way (even SIGKILL), because the
    // pipe closes with it. The guard ignores SIGINT, so Ctrl+C in a terminal reaches only the
    // program that started it, which then stops its children in order.
    private const string Guard = "trap '' INT; \"$@\" & child=$!; echo \"$child\"; read -r _; kill -KILL \"$child\" 2>/dev/null; wait \"$child\" 2>/dev/null";

    private readonly Process _guard;
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private readonly List<Uri> _listening = [];
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private (Uri Grpc, Uri Http)? _announced;

    private ServerProcess(string name, Process guard)
    {
        Name = name;
        _guard = guard;
    }

    /// <summary>A name for messages ("A", "B", "embedded").</summary>
    public string Name { get; }

    /// <summary>The gRPC port (HTTP/2 cleartext, prior knowledge).</summary>
    public Uri GrpcAddress { get; private set; } = null!;

    /// <summary>The HTTP/1.1 port (gRPC-Web and /healthz).</summary>
    public Uri HttpAddress { get; private set; } = null!;

    /// <summary>The TLS port (gRPC and gRPC-Web, HTTP/2 and HTTP/1.1 by ALPN), when <c>Server:TlsPort</c> is set.</summary>
    public Uri? TlsAddress { get; private set; }

    /// <summary>The server's (not the guard's) process id.</summary>
    public int ProcessId { get; private set; }

    public bool HasExited => _guard.HasExited;

    /// <summary>Everything the server has printed so far, standard output and error interleaved.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>The same, as one text.</summary>
    public string Output => string.Join('\n', Lines);

    /// <summary>
    /// The server's log entries at Warning or above: in the console format, a line
    /// "warn: Category[id]" ("fail:", "crit:") followed by its indented lines (the scopes,
    /// "=> SpanId:..., TraceId:...", when the call had any, then the message), joined into one.
    /// </summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            var lines = Lines;
            return [.. lines
                .Select((line, i) => (line, i))
                .Where(l => l.line.StartsWith("warn:", StringComparison.Ordinal) || l.line.StartsWith("fail:", StringComparison.Ordinal) || l.line.StartsWith("crit:", StringComparison.Ordinal))
                .Select(l => string.Join(' ', lines.Skip(l.i + 1).TakeWhile(next => next.StartsWith(' ')).Select(next => next.Trim()).Prepend(l.line)))];
        }
    }

    /// <summary>
    /// Starts the server with <c>--Server:GrpcPort=0 --Server:HttpPort=0</c> and the given extra
    /// configuration arguments (<c>--Key:Sub=value</c>), its working directory next to it as in
    /// the container image unless <paramref name="workingDirectory"/> says otherwise.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string name, IEnumerable<string>? configuration = null, string? workingDirectory = null, CancellationToken cancellationToken = default)
    {
        var assembly = Repository.ServerAssembly;
        var start = new ProcessStartInfo("bash")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(assembly)!,
        };
        foreach (var argument in new[] { "-c", Guard, "server-guard", "dotnet", assembly, "--Server:GrpcPort=0", "--Server:HttpPort=0", "--Server:ListenAddress=127.0.0.1" }
            .Concat(configuration ?? []))
        {
            start.ArgumentList.Add(argument);
        }

        // Only what the caller passes configures the server, not whatever the environment holds.
        foreach (var key in ((IEnumerable)start.Environment).Cast<KeyValuePair<string, string?>>().Select(e => e.Key).ToList())
        {
            if (key.StartsWith("Server__", StringComparison.OrdinalIgnoreCase) || key.StartsWith("Redis__", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("Cache__", StringComparison.OrdinalIgnoreCase) || key.StartsWith("Status__", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("Logging__", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("Auth__", StringComparison.OrdinalIgnoreCase) || key.StartsWith("RateLimits__", StringComparison.OrdinalIgnoreCase)
                || key is "ASPNETCORE_URLS" or "DOTNET_URLS" or "ASPNETCORE_ENVIRONMENT" or "DOTNET_ENVIRONMENT")
            {
                start.Environment.Remove(key);
            }
        }

        var guard = new Process { StartInfo = start, EnableRaisingEvents = true };
        var server = new ServerProcess(name, guard);
        guard.OutputDataReceived += (_, e) => server.OnOutputLine(e.Data);
        guard.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        guard.Exited += (_, _) => server._started.TrySetException(new InvalidOperationException($"Server {name} exited with {guard.ExitCode} while starting."));
        if (!guard.Start())
        {
            throw new InvalidOperationException("bash did not start.");
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Kill();
        guard.BeginOutputReadLine();
        guard.BeginErrorReadLine();

        try
        {
            await server._started.Task.WaitAsync(StartTimeout, cancellationToken);
            await server.WaitUntilHealthyAsync(cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or HttpRequestException or OperationCanceledException)
        {
            await server.DisposeAsync();
            cancellationToken.ThrowIfCancellationRequested();
            throw new InvalidOperationException($"Server {name} did not start ({e.Message}). Its output:\n{server.Output}", e);
        }

        return server;
    }

    /// <summary>A native gRPC channel (grpc-dotnet) to the gRPC port.</summary>
    public GrpcChannel CreateChannel(GrpcChannelOptions? options = null) => GrpcChannel.ForAddress(GrpcAddress, options ?? new GrpcChannelOptions());

    /// <summary>A gRPC-Web channel to the HTTP/1.1 port, in binary (<c>application/grpc-web</c>) or text (<c>-text</c>) mode.</summary>
    public GrpcChannel CreateWebChannel(GrpcWebMode mode) => GrpcChannel.ForAddress(HttpAddress, new GrpcChannelOptions
    {
        HttpHandler = new GrpcWebHandler(mode, new SocketsHttpHandler()),
        HttpVersion = HttpVersion.Version11,
        HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    });

    /// <summary>Waits until a line containing <paramref name="text"/> has been printed.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Server {Name} did not print \"{text}\" within {timeout}. Its output:\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            await _guard.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (TimeoutException)
        {
        }

        _guard.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (!_guard.HasExited)
            {
                _guard.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
    }

    // The guard's first line is the server's process id; the rest is the server's.
    private void OnOutputLine(string? line)
    {
        if (ProcessId == 0 && int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            ProcessId = id;
            return;
        }

        OnLine(line);
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

            // Printed before the line below, so it is known once the server counts as started.
            if (ServingTls().Match(line) is { Success: true } tls)
            {
                TlsAddress = new Uri(tls.Groups[1].Value);
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

    private async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
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
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested && clock.Elapsed < StartTimeout)
            {
            }

            if (clock.Elapsed > StartTimeout || HasExited)
            {
                throw new TimeoutException($"/healthz on {HttpAddress} did not answer ok.");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex NowListening();

    [GeneratedRegex(@"over TLS on (https://\S+),")]
    private static partial Regex ServingTls();

    [GeneratedRegex(@"serving gRPC \(HTTP/2\) on (http://\S+) and gRPC-Web, /healthz \(HTTP/1\.1\) on (http://\S+)")]
    private static partial Regex Serving();
}
