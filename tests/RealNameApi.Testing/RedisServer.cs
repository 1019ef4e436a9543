using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RealNameApi.Testing;

/// <summary>
/// A real redis-server process on a free 127.0.0.1 port with its own temporary directory and no
/// persistence, which tests can kill (as a crash would), start again on the same port, and pause
/// to play a hung Redis.
/// </summary>
public class RedisServer : IRedisDeployment, IDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(10);

    private readonly string _directory = Directory.CreateTempSubdirectory("realname-redis-").FullName;
    private readonly Lock _gate = new();
    private readonly IReadOnlyList<string> _settings;
    private readonly string? _configFile;
    private Process? _guard;
    private int _serverPid;

    public RedisServer()
        : this([])
    {
    }

    /// <param name="settings">Further redis-server arguments, e.g. <c>--maxmemory 512mb</c>.</param>
    public RedisServer(IReadOnlyList<string> settings)
        : this(settings, configFile: null)
    {
    }

    /// <param name="settings">Further redis-server arguments, e.g. <c>--sentinel</c>.</param>
    /// <param name="configFile">A configuration file read before the arguments (a sentinel needs one it can rewrite).</param>
    public RedisServer(IReadOnlyList<string> settings, string? configFile)
    {
        _settings = settings;
        _configFile = configFile;
        if (!(Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(directory => File.Exists(Path.Combine(directory, "redis-server"))))
        {
            throw new InvalidOperationException(
                "redis-server is not installed, and these tests need a real one: install the Debian package redis-server (tests/run.sh does).");
        }

        Port = FreePort();
        Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
    }

    public int Port { get; }

    /// <summary>redis-server's process id while it runs.</summary>
    public int? ProcessId
    {
        get
        {
            lock (_gate)
            {
                return _guard is { HasExited: false } ? _serverPid : null;
            }
        }
    }

    /// <summary>The server's address as StackExchange.Redis and the <c>Redis:Configuration</c> key take it.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>Starts the server on its port, unless it runs already, and waits until it answers PING.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_guard is { HasExited: false })
            {
                return;
            }

            // redis-server runs under a small shell guard that kills it when the guard's standard
            // input closes: on Stop, and also when the test host dies, so no server outlives the run.
            var start = new ProcessStartInfo("bash")
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
            };
            IEnumerable<string> arguments = ["-c", "redis-server \"$@\" & echo $!; read -r _; kill -9 $! 2>/dev/null; wait 2>/dev/null", "redis-guard"];
            if (_configFile is not null)
            {
                arguments = arguments.Append(_configFile);
            }

            foreach (var argument in arguments.Concat(new[]
            {
                "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                "--dir", _directory, "--logfile", Path.Combine(_directory, "redis.log"),
                "--save", "", "--appendonly", "no", "--daemonize", "no",
            }).Concat(_settings))
            {
                start.ArgumentList.Add(argument);
            }

            _guard = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
            _serverPid = int.Parse(_guard.StandardOutput.ReadLine() ?? "0", CultureInfo.InvariantCulture);
        }

        WaitUntilAccepting();
    }

    /// <summary>Kills the server (SIGKILL), as a crash would, and waits until it is gone.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            if (_guard is null)
            {
                return;
            }

            if (!_guard.HasExited)
            {
                Signal("-CONT"); // a paused server could not be reaped
                _guard.StandardInput.Close();
                if (!_guard.WaitForExit(10_000))
                {
                    _guard.Kill(entireProcessTree: true);
                }
            }

            _guard.Dispose();
            _guard = null;
        }
    }

    /// <summary>Freezes the server (SIGSTOP): connections stay open but nothing is answered.</summary>
    public void Pause() => Signal("-STOP");

    /// <summary>Lets a paused server run again (SIGCONT).</summary>
    public void Resume() => Signal("-CONT");

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        Stop();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", [signal, _serverPid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private void WaitUntilAccepting()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                using var stream = client.GetStream();
                stream.ReadTimeout = 2000;
                stream.Write("PING\r\n"u8);
                var reply = new byte[7];
                if (stream.Read(reply) > 0 && reply[0] == (byte)'+')
                {
                    return;
                }
            }
            catch (Exception e) when (e is SocketException or IOException && clock.Elapsed < StartLimit)
            {
            }

            if (clock.Elapsed > StartLimit)
            {
                throw new InvalidOperationException($"redis-server did not answer PING within {StartLimit.TotalSeconds:0} s: {ReadLog()}");
            }

            if (_guard is { HasExited: true })
            {
                throw new InvalidOperationException($"redis-server exited at start: {ReadLog()}");
            }

            Thread.Sleep(20);
        }
    }

    private string ReadLog()
    {
        var log = Path.Combine(_directory, "redis.log");
        return File.Exists(log) ? File.ReadAllText(log) : "(no log)";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
