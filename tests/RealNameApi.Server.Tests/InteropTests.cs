using RealNameApi.Server.Tests.Infrastructure;
using RealNameApi.Testing;

namespace RealNameApi.Server.Tests;

/// <summary>
/// The independent interop suites (tests/interop) against the built server process: Python grpcio
/// (grpc's C core) and Node @grpc/grpc-js. Each must exit 0; their output is shown when not.
/// </summary>
[Collection(EmbeddedServerGroup.Name)]
public sealed class InteropTests(EmbeddedServer fixture)
{
    private const string Python = "/usr/bin/python3";
    private const string Install = "tests/run.sh installs it (Debian packages python3-grpcio python3-grpc-tools python3-protobuf protobuf-compiler protobuf-compiler-grpc, and `npm ci` for node_modules)";

    private readonly ServerProcess _server = fixture.Server;

    [Fact(Timeout = 180_000)]
    public async Task Python_grpcio_suite_passes()
    {
        if (!File.Exists(Python))
        {
            Assert.Fail($"{Python} is missing; {Install}.");
        }

        var probe = await ExternalProcess.RunAsync(Python, ["-c", "import grpc, google.protobuf"], TimeSpan.FromSeconds(30));
        if (probe.ExitCode != 0)
        {
            Assert.Fail($"Python cannot import grpc and google.protobuf; {Install}.\n{probe.Describe()}");
        }

        foreach (var tool in new[] { "protoc", "grpc_python_plugin" })
        {
            if (ExternalProcess.Find(tool) is null && !File.Exists($"/usr/bin/{tool}"))
            {
                Assert.Fail($"{tool} is missing (the Python suite generates its stubs with it); {Install}.");
            }
        }

        var result = await ExternalProcess.RunAsync(Python, ["-m", "unittest", "-v", "tests/interop/python/test_interop.py"],
            TimeSpan.FromSeconds(120), Repository.Root, Target());
        Assert.True(result.ExitCode == 0, result.Describe());
        // unittest prints its summary on stderr: make sure tests actually ran.
        Assert.Matches(@"Ran [1-9]\d* tests?", result.StandardError);
        Assert.Contains("OK", result.StandardError, StringComparison.Ordinal);
    }

    [Fact(Timeout = 180_000)]
    public async Task Node_grpc_js_suite_passes()
    {
        var node = ExternalProcess.Find("node") ?? throw new InvalidOperationException($"node is not on PATH; {Install}.");
        if (!Directory.Exists(Path.Combine(Repository.Root, "node_modules", "@grpc", "grpc-js")))
        {
            Assert.Fail($"node_modules/@grpc/grpc-js is missing; {Install}.");
        }

        var result = await ExternalProcess.RunAsync(node, ["--test", "tests/interop/node/"], TimeSpan.FromSeconds(120), Repository.Root, Target());
        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Matches(@"# pass [1-9]\d*", result.StandardOutput);
        Assert.Matches(@"# fail 0\b", result.StandardOutput);
    }

    private Dictionary<string, string> Target() => new() { ["REALNAME_GRPC_TARGET"] = $"127.0.0.1:{_server.GrpcAddress.Port}" };
}
