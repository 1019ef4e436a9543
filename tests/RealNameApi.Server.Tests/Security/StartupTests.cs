using RealNameApi.Contracts.V1;
using RealNameApi.Server.Tests.Infrastructure;
using RealNameApi.Testing;

namespace RealNameApi.Server.Tests.Security;

/// <summary>What the server does at start-up about access and limits: refuses to run open beyond loopback, refuses bad keys and limits, warns when open.</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task Without_keys_the_server_refuses_to_listen_beyond_loopback()
    {
        var refused = await StartRefusedAsync("--Server:ListenAddress=0.0.0.0");
        Assert.Contains("Server:ListenAddress is 0.0.0.0, beyond loopback, and no API key is configured", refused, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_entry_that_is_not_well_formed_stops_start_up_with_its_setting_named()
    {
        var key = new TestKey("k", "t", ["diagnose", "superuser"]);
        var refused = await StartRefusedAsync(
            [.. key.Arguments(0), "--Auth:Keys:1:Id=k", "--Auth:Keys:1:Tenant=t", "--Auth:Keys:1:Roles:0=admin", "--Auth:Keys:1:Sha256=" + key.Sha256.ToUpperInvariant()]);
        Assert.Contains("Auth:Keys:0:Roles holds 'superuser'", refused, StringComparison.Ordinal);
        Assert.Contains("Auth:Keys:1:Id 'k' is the id of another key too", refused, StringComparison.Ordinal);
        Assert.Contains("Auth:Keys:1:Sha256 must be the SHA-256 of the key in 64 lower-case hex digits", refused, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Secret, refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_limit_out_of_range_stops_start_up_with_its_setting_named()
    {
        var refused = await StartRefusedAsync("--Limits:Http2ControlFramesPerSecond=-1", "--Limits:MaxStreamsPerConnection=0", "--Limits:MaxRequestHeadersTotalSize=2000000");
        Assert.Contains("Limits:Http2ControlFramesPerSecond must be 0 (off) or a positive number.", refused, StringComparison.Ordinal);
        Assert.Contains("Limits:MaxStreamsPerConnection must be at least 1.", refused, StringComparison.Ordinal);
        Assert.Contains("Limits:MaxRequestHeadersTotalSize must be from 4096 to 1048576 bytes.", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Started_from_another_directory_the_server_reads_the_settings_beside_it()
    {
        var elsewhere = Directory.CreateTempSubdirectory("realname-cwd-");
        try
        {
            await using var server = await ServerProcess.StartAsync("elsewhere", EmbeddedServer.Unlimited, workingDirectory: elsewhere.FullName);
            using var channel = server.CreateChannel();
            await new RemediationService.RemediationServiceClient(channel).DiagnoseAsync(new DiagnoseRequest { Platform = "dayu", Message = Calls.FaceMismatch });

            Assert.Contains(server.Lines, line => line.Trim() == "Content root path: " + Path.GetDirectoryName(Repository.ServerAssembly) + Path.DirectorySeparatorChar);
            // appsettings.json keeps ASP.NET Core's request lines out of the log; without it, each call logs four.
            Assert.DoesNotContain(server.Lines, line => line.Contains("Request starting", StringComparison.Ordinal));
        }
        finally
        {
            elsewhere.Delete(recursive: true);
        }
    }

    // The server on free loopback ports with these arguments last, expected to exit at once; what it printed.
    private static async Task<string> StartRefusedAsync(params string[] arguments)
    {
        var result = await ExternalProcess.RunAsync("dotnet",
            [Repository.ServerAssembly, "--Server:GrpcPort=0", "--Server:HttpPort=0", "--Server:ListenAddress=127.0.0.1", .. arguments],
            TimeSpan.FromSeconds(60), Path.GetDirectoryName(Repository.ServerAssembly));
        Assert.True(result.ExitCode != 0, $"The server started: {result.Describe()}");
        return result.StandardOutput + result.StandardError;
    }
}

/// <summary>The shared open server says loudly that it is open.</summary>
[Collection(EmbeddedServerGroup.Name)]
public sealed class OpenModeTests(EmbeddedServer fixture)
{
    [Fact]
    public void Without_keys_on_loopback_the_server_runs_open_and_warns_at_start_up()
    {
        Assert.Contains(fixture.Server.Problems, p => p.StartsWith("warn: RealNameApi.Server[20]", StringComparison.Ordinal)
            && p.Contains("No API key is configured (Auth:Keys): the service is OPEN", StringComparison.Ordinal));
    }
}
