using System.Diagnostics;
using System.Text.Json;
using RealNameApi.Rpc.Tests.Infrastructure;

namespace RealNameApi.Rpc.Tests;

/// <summary>
/// An independent implementation as the client: Python grpcio (Debian python3-grpcio, the C core),
/// with stubs generated at run time by Debian's python3-grpc-tools.
/// </summary>
public sealed class PythonPeerTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Python = "/usr/bin/python3";
    private readonly TestServer _server = fixture.Server;

    [Fact]
    public async Task Grpcio_makes_every_kind_of_call_and_reads_deadlines_cancellation_and_rich_errors()
    {
        var work = Directory.CreateTempSubdirectory("rpc-python-").FullName;
        var deadlineId = Guid.NewGuid().ToString();
        var cancelId = Guid.NewGuid().ToString();
        string output;
        try
        {
            var stubs = await GenerateStubsAsync(work);
            output = await RunAsync(stubs, Path.Combine(AppContext.BaseDirectory, "Python", "echo_peer.py"),
                $"127.0.0.1:{_server.GrpcAddress.Port}", deadlineId, cancelId);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("你好 from grpcio", root.GetProperty("unary").GetProperty("message").GetString());
        Assert.Equal("python", root.GetProperty("unary").GetProperty("trailer").GetString());
        Assert.Equal([0, 1, 2, 3, 4], root.GetProperty("server_streaming").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("a,b,c,d", root.GetProperty("client_streaming").GetProperty("message").GetString());
        Assert.Equal(4, root.GetProperty("client_streaming").GetProperty("count").GetInt32());
        Assert.Equal(["x", "y", "z"], root.GetProperty("duplex").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(10000, root.GetProperty("gzip").GetInt32());
        Assert.Equal("DEADLINE_EXCEEDED", root.GetProperty("deadline").GetString());
        Assert.Equal("CANCELLED", root.GetProperty("cancel").GetString());
        Assert.Equal("UNIMPLEMENTED", root.GetProperty("unimplemented").GetString());
        Assert.Equal("INTERNAL", root.GetProperty("internal").GetProperty("code").GetString());
        Assert.Equal("Exception was thrown by handler.", root.GetProperty("internal").GetProperty("message").GetString());

        var rich = root.GetProperty("rich_error");
        Assert.Equal("INVALID_ARGUMENT", rich.GetProperty("code").GetString());
        Assert.Equal("无效: bad echo", rich.GetProperty("message").GetString());
        Assert.Equal(3, rich.GetProperty("status_code").GetInt32());
        Assert.Equal(["message", "payload"], rich.GetProperty("fields").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("ECHO_REFUSED", rich.GetProperty("reason").GetString());
        Assert.Equal(30, rich.GetProperty("retry_seconds").GetInt32());
        Assert.Equal("请求无效：消息为空。", rich.GetProperty("localized").GetString());

        // The handler's token fired for the peer's deadline and for its cancellation.
        Assert.Equal("deadline", await _server.Observer.WaitCancelledAsync(deadlineId));
        Assert.Equal("client", await _server.Observer.WaitCancelledAsync(cancelId));
    }

    /// <summary>Generates Python modules for the echo service and google.rpc status and details under <paramref name="root"/>.</summary>
    private static async Task<string> GenerateStubsAsync(string root)
    {
        var protos = Path.Combine(AppContext.BaseDirectory, "protos");
        var input = Path.Combine(root, "protos");
        var output = Path.Combine(root, "out");
        Directory.CreateDirectory(Path.Combine(input, "google", "rpc"));
        Directory.CreateDirectory(Path.Combine(input, "rpctest", "v1"));
        Directory.CreateDirectory(output);
        File.Copy(Path.Combine(protos, "rpctest", "v1", "echo.proto"), Path.Combine(input, "rpctest", "v1", "echo.proto"));
        File.Copy(Path.Combine(protos, "google", "rpc", "status.proto"), Path.Combine(input, "google", "rpc", "status.proto"));
        // Debian's protoc (3.5) predates proto3 `optional`; without the label the field reads the
        // same on the wire, which is all decoding the details needs.
        var details = await File.ReadAllTextAsync(Path.Combine(protos, "google", "rpc", "error_details.proto"));
        await File.WriteAllTextAsync(Path.Combine(input, "google", "rpc", "error_details.proto"),
            System.Text.RegularExpressions.Regex.Replace(details, @"^(\s*)optional\s+", "$1", System.Text.RegularExpressions.RegexOptions.Multiline));

        await RunAsync(null, "-c",
            "import sys, os, grpc_tools; from grpc_tools import protoc; "
            + "include = os.path.join(os.path.dirname(grpc_tools.__file__), '_proto'); "
            + "sys.exit(protoc.main(['protoc', '-I' + sys.argv[1], '-I' + include, '--python_out=' + sys.argv[2], '--grpc_python_out=' + sys.argv[2]] + sys.argv[3:]))",
            input, output, "rpctest/v1/echo.proto", "google/rpc/status.proto", "google/rpc/error_details.proto");
        return output;
    }

    private static async Task<string> RunAsync(string? pythonPath, params string[] arguments)
    {
        if (!File.Exists(Python))
        {
            Assert.Fail($"{Python} is missing: install the Debian packages python3-grpcio and python3-grpc-tools (tests/run.sh does).");
        }
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        if (pythonPath is not null)
        {
            start.Environment["PYTHONPATH"] = pythonPath;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var error = await stderr;
        if (process.ExitCode != 0)
        {
            Assert.Fail($"python3 {string.Join(' ', arguments.Take(1))} exited with {process.ExitCode}. "
                + (error.Contains("No module named 'grpc", StringComparison.Ordinal)
                    ? "Install the Debian packages python3-grpcio and python3-grpc-tools. "
                    : "")
                + error);
        }
        return await stdout;
    }
}
