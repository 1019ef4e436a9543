using System.Net;
using Grpc.Net.Client.Web;
using RealNameApi.Contracts.V1;
using RealNameApi.Server.Tests.Infrastructure;
using RealNameApi.Testing;
using static RealNameApi.Server.Tests.Infrastructure.Calls;

namespace RealNameApi.Server.Tests;

/// <summary>
/// Browser origins for gRPC-Web, configured as a newcomer would: one value or a comma-separated
/// list on the command line, or <c>*</c>; a refused preflight says which setting to change.
/// </summary>
public sealed class CorsTests
{
    private const string DiagnosePath = "/realname.v1.RemediationService/Diagnose";

    [Fact(Timeout = 90_000)]
    public async Task A_comma_separated_list_allows_each_origin_logs_them_and_refuses_others_naming_the_setting()
    {
        await using var server = await ServerProcess.StartAsync("cors", ["--Server:AllowedOrigins=http://localhost:3000, https://dash.example.com/"]);
        Assert.Contains("gRPC-Web browser origins allowed (Server:AllowedOrigins): http://localhost:3000, https://dash.example.com", server.Output, StringComparison.Ordinal);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        foreach (var origin in new[] { "http://localhost:3000", "https://dash.example.com" })
        {
            using var preflight = await http.SendAsync(Preflight(server, origin));
            Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
            Assert.Equal(origin, preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
            Assert.Contains("POST", preflight.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        }

        // The call itself, from an allowed origin: the gRPC status headers are exposed to the page.
        using var call = new HttpRequestMessage(HttpMethod.Post, new Uri(server.HttpAddress, DiagnosePath))
        {
            Content = new ByteArrayContent(RawGrpc.Frame(new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch })),
        };
        call.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc-web");
        call.Headers.Add("Origin", "http://localhost:3000");
        call.Headers.Add("x-grpc-web", "1");
        using var answer = await http.SendAsync(call);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("http://localhost:3000", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var exposed = answer.Headers.GetValues("Access-Control-Expose-Headers").Single();
        foreach (var header in new[] { "grpc-status", "grpc-message", "grpc-status-details-bin" })
        {
            Assert.Contains(header, exposed, StringComparison.OrdinalIgnoreCase);
        }

        using var refused = await http.SendAsync(Preflight(server, "http://elsewhere.example"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
        var text = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Server:AllowedOrigins", text, StringComparison.Ordinal);
        Assert.DoesNotContain("UseCors", text, StringComparison.Ordinal);
    }

    [Fact(Timeout = 90_000)]
    public async Task A_star_allows_any_origin_and_a_grpc_web_client_calls_through_it()
    {
        await using var server = await ServerProcess.StartAsync("cors-any", ["--Server:AllowedOrigins=*"]);
        Assert.Contains("(Server:AllowedOrigins): *", server.Output, StringComparison.Ordinal);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        using var preflight = await http.SendAsync(Preflight(server, "http://anywhere.example"));
        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal("*", preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var web = server.CreateWebChannel(GrpcWebMode.GrpcWebText);
        var diagnosis = (await new RemediationService.RemediationServiceClient(web).DiagnoseAsync(new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch }, Options())).Diagnosis;
        Assert.Equal("dayu.face-mismatch-police-photo", diagnosis.RuleId);
    }

    [Fact(Timeout = 90_000)]
    public async Task Something_that_is_not_an_origin_stops_the_start_with_a_sentence_that_names_the_setting()
    {
        var server = Repository.ServerAssembly;
        var result = await ExternalProcess.RunAsync("dotnet", [server, "--Server:GrpcPort=0", "--Server:HttpPort=0", "--Server:AllowedOrigins=localhost:3000/app"],
            TimeSpan.FromSeconds(60), Path.GetDirectoryName(server));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Server:AllowedOrigins holds 'localhost:3000/app', which is not an origin", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    private static HttpRequestMessage Preflight(ServerProcess server, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, new Uri(server.HttpAddress, DiagnosePath));
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,x-grpc-web,x-user-agent,grpc-timeout");
        return request;
    }
}
