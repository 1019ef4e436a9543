using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RealNameApi.Server.Tests.Infrastructure;

/// <summary>
/// A real redis-server process on a free 127.0.0.1 port with its own temporary directory, which
/// tests can stop (as a crash would) and start again on the same port.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("realname-server-redis-").FullName;
    private readonly Lock _gate = new();
    private Process? _guard;

    public RedisServer()
    {
        if (ExternalProcess.Find("redis-server") is null)
        {
            throw new InvalidOperationException(
                "redis-server is not installed, and these tests need a real one: install the Debian package redis-server (tests/run.sh does).");
        }

        Port = FreePort();
        Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
    }

    public int Port { get; }

    /// <summary>The server's <c>Redis:Configuration</c> value.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>A new connection for inspecting the server (SCAN, GET, ...).</summary>
    public Task<RespClient> ConnectAsync() => RespClient.ConnectAsync(Port);

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
            _ = _guard.StandardOutput.ReadLine();
        }

        WaitUntilAccepting();
    }

    /// <summary>Kills the server (SIGKILL), as a crash would, and waits until its port is closed.</summary>
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

    public void Dispose()
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
            catch (Exception e) when (e is SocketException or IOException && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new InvalidOperationException($"redis-server did not answer PING within 10 s: {ReadLog()}");
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
