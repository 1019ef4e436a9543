using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RealNameApi.Cache.Benchmarks;

/// <summary>A child process (redis-server, the server) whose output is watched and which is killed on dispose.</summary>
internal sealed partial class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];

    private ChildProcess(Process process) => _process = process;

    public static ChildProcess Start(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var child = new ChildProcess(Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start."));
        child._process.OutputDataReceived += (_, e) => child.Add(e.Data);
        child._process.ErrorDataReceived += (_, e) => child.Add(e.Data);
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The server's gRPC port: the first "Now listening on" line of its log.</summary>
    public async Task<Uri> ListeningAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout && !_process.HasExited)
        {
            lock (_lines)
            {
                var line = _lines.FirstOrDefault(l => l.Contains("Now listening on:", StringComparison.Ordinal));
                if (line is not null && _lines.Any(l => l.Contains("Catalog ", StringComparison.Ordinal)))
                {
                    return new Uri(Address().Match(line).Value);
                }
            }
            await Task.Delay(50);
        }
        lock (_lines)
        {
            throw new InvalidOperationException("The server did not start:\n" + string.Join('\n', _lines));
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            lock (_lines)
            {
                _lines.Add(line);
            }
        }
    }

    [GeneratedRegex(@"http://[0-9.]+:[0-9]+")]
    private static partial Regex Address();
}
