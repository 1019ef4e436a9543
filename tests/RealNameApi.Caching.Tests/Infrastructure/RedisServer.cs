using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace RealNameApi.Caching.Tests.Infrastructure;

/// <summary>
/// A real redis-server process on a free 127.0.0.1 port with its own temporary directory, which
/// tests can stop, restart (same port) and pause to play a dead or hung Redis.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("realname-redis-").FullName;
    private readonly Lock _gate = new();
    private Process? _guard;
    private int _serverPid;
    private ConnectionMultiplexer? _admin;

    public RedisServer()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':');
        if (!path.Any(directory => File.Exists(Path.Combine(directory, "redis-server"))))
        {
            throw new InvalidOperationException(
                "redis-server is not installed, and these tests need a real one: install the Debian package (apt-get install redis-server); tests/run.sh does it.");
        }

        Port = FreePort();
        Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Kill();
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string of this server.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>A connection for inspecting the server from tests (SCAN, TTL, INFO).</summary>
    public ConnectionMultiplexer Admin
    {
        get
        {
            lock (_gate)
            {
                return _admin ??= ConnectionMultiplexer.Connect($"{Configuration},allowAdmin=true,abortConnect=false,syncTimeout=2000");
            }
        }
    }

    public IServer AdminServer => Admin.GetServer(Configuration);

    public void Start()
    {
        lock (_gate)
        {
            if (_guard is { HasExited: false })
            {
                return;
            }

            // redis-server runs under a small shell guard that kills it when its standard input
            // closes: on Stop, and also when the test host itself dies, so no server outlives the run.
            var start = new ProcessStartInfo("bash")
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
            };
            foreach (var argument in new[]
            {
                "-c", "redis-server \"$@\" & echo $!; read -r _; kill -9 $! 2>/dev/null; wait", "redis-guard",
                "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                "--dir", _directory, "--logfile", Path.Combine(_directory, "redis.log"),
                "--save", "", "--appendonly", "no", "--daemonize", "no",
            })
            {
                start.ArgumentList.Add(argument);
            }

            _guard = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
            _serverPid = int.Parse(_guard.StandardOutput.ReadLine() ?? "0", CultureInfo.InvariantCulture);
        }

        WaitUntilAccepting();
    }

    /// <summary>Kills the server, as a crash would.</summary>
    public void Stop()
    {
        Kill();
    }

    /// <summary>Freezes the server (SIGSTOP): connections stay open but nothing is answered.</summary>
    public void Pause() => Signal("-STOP");

    /// <summary>Lets a paused server run again (SIGCONT).</summary>
    public void Resume() => Signal("-CONT");

    public void Dispose()
    {
        Kill();
        lock (_gate)
        {
            _admin?.Dispose();
            _admin = null;
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Kill()
    {
        lock (_gate)
        {
            if (_guard is null)
            {
                return;
            }

            if (!_guard.HasExited)
            {
                Signal("-CONT");
                _guard.StandardInput.Close();
                _guard.WaitForExit();
            }

            _guard.Dispose();
            _guard = null;
        }
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", [signal, _serverPid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private void WaitUntilAccepting()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                using var stream = client.GetStream();
                stream.Write("PING\r\n"u8);
                var reply = new byte[7];
                if (stream.Read(reply) > 0 && reply[0] == (byte)'+')
                {
                    return;
                }
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
            }
            catch (IOException) when (deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
            }

            if (_guard is { HasExited: true })
            {
                throw new InvalidOperationException($"redis-server exited at start: {File.ReadAllText(Path.Combine(_directory, "redis.log"))}");
            }

            Thread.Sleep(20);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The redis-server shared by the tests that keep it running.</summary>
[CollectionDefinition(Name)]
public sealed class SharedRedis : ICollectionFixture<RedisServer>
{
    public const string Name = "redis";
}
