using System.Collections;
using System.Diagnostics;
using System.Text;

namespace RealNameApi.Cache.Benchmarks;

/// <summary>
/// A child process (redis-server, the server) started under a small shell guard that stops it
/// when the guard's standard input closes: on <see cref="StopAsync"/>, and also when this program
/// dies in any way (an exception, Ctrl+C, a kill), because the pipe then closes with it. The guard
/// ignores SIGINT, so Ctrl+C in the terminal reaches only this program, which then stops its
/// children in order. Standard output and error are kept line by line.
/// </summary>
internal sealed class GuardedProcess : IAsyncDisposable
{
    // The child inherits the ignored SIGINT; on end of input it gets SIGTERM and is waited for.
    private const string Guard = "trap '' INT; \"$@\" & child=$!; read -r _; kill -TERM \"$child\" 2>/dev/null; wait \"$child\"";

    private readonly Process _guard;
    private readonly string _name;
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];

    private GuardedProcess(string name, Process guard)
    {
        _name = name;
        _guard = guard;
    }

    public bool HasExited => _guard.HasExited;

    /// <summary>The child's process id (the guard's only child), or null if it is not known (not Linux, gone).</summary>
    public int? ChildId
    {
        get
        {
            try
            {
                var children = File.ReadAllText($"/proc/{_guard.Id}/task/{_guard.Id}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return children.Length == 1 ? int.Parse(children[0], System.Globalization.CultureInfo.InvariantCulture) : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                return null;
            }
        }
    }

    /// <summary>Everything the child has printed so far, standard output and error interleaved.</summary>
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

    public static GuardedProcess Start(string name, string program, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("bash")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Guard);
        start.ArgumentList.Add(name);
        start.ArgumentList.Add(program);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Only the arguments configure the children, not whatever this shell's environment holds.
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

        var guard = new Process { StartInfo = start };
        var child = new GuardedProcess(name, guard);
        guard.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        guard.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        if (!guard.Start())
        {
            throw new InvalidOperationException($"{name}: bash did not start.");
        }

        guard.BeginOutputReadLine();
        guard.BeginErrorReadLine();
        return child;
    }

    /// <summary>Stops the child (SIGTERM through the guard), and kills the tree if it takes longer than 15 s.</summary>
    public async Task StopAsync()
    {
        if (_guard.HasExited)
        {
            return;
        }

        try
        {
            _guard.StandardInput.Close();
            await _guard.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (Exception e) when (e is TimeoutException or IOException or InvalidOperationException)
        {
            try
            {
                _guard.Kill(entireProcessTree: true);
                await _guard.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception again) when (again is InvalidOperationException or TimeoutException)
            {
                Console.Error.WriteLine($"{_name} did not stop: {again.Message}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _guard.Dispose();
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
        }
    }
}
