using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Reflection.V1;
using RealNameApi.Rpc.Client;
using RealNameApi.Rpc.Tests.Infrastructure;
using V1Alpha = Grpc.Reflection.V1Alpha;

namespace RealNameApi.Rpc.Tests;

/// <summary>Server reflection, v1 and v1alpha: what grpcurl, grpcui and Postman ask.</summary>
public sealed class ReflectionTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly Method<ServerReflectionRequest, ServerReflectionResponse> Info =
        Method.From<ServerReflectionRequest, ServerReflectionResponse>(ReflectionReflection.Descriptor.Services[0].FindMethodByName("ServerReflectionInfo"));
    private static readonly Method<V1Alpha.ServerReflectionRequest, V1Alpha.ServerReflectionResponse> InfoV1Alpha =
        Method.From<V1Alpha.ServerReflectionRequest, V1Alpha.ServerReflectionResponse>(V1Alpha.ReflectionReflection.Descriptor.Services[0].FindMethodByName("ServerReflectionInfo"));

    private readonly TestServer _server = fixture.Server;

    private async Task<List<ServerReflectionResponse>> AskAsync(params ServerReflectionRequest[] requests)
    {
        using var channel = _server.Channel();
        using var call = channel.DuplexStreamingCall(Info);
        var answers = new List<ServerReflectionResponse>();
        foreach (var request in requests)
        {
            await call.RequestStream.WriteAsync(request);
            Assert.True(await call.ResponseStream.MoveNext());
            answers.Add(call.ResponseStream.Current);
        }
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());
        return answers;
    }

    private static List<FileDescriptor> Build(ServerReflectionResponse response)
    {
        // The answer must be complete enough to rebuild real descriptors, dependencies first.
        var protos = response.FileDescriptorResponse.FileDescriptorProto.Reverse().ToList();
        return [.. FileDescriptor.BuildFromByteStrings(protos)];
    }

    [Fact]
    public async Task Lists_every_mapped_service()
    {
        var answer = Assert.Single(await AskAsync(new ServerReflectionRequest { ListServices = "*" }));

        Assert.Equal(
            ["grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection", "rpctest.v1.EchoService"],
            answer.ListServicesResponse.Service.Select(s => s.Name).Order());
    }

    [Fact]
    public async Task File_containing_a_service_comes_with_its_dependencies()
    {
        var answer = Assert.Single(await AskAsync(new ServerReflectionRequest { FileContainingSymbol = "rpctest.v1.EchoService" }));

        var files = Build(answer);
        Assert.Equal(["rpctest/v1/echo.proto", "google/protobuf/duration.proto"], answer.FileDescriptorResponse.FileDescriptorProto
            .Select(bytes => FileDescriptorProto.Parser.ParseFrom(bytes).Name));
        var service = files.Single(f => f.Name == "rpctest/v1/echo.proto").Services.Single(s => s.FullName == "rpctest.v1.EchoService");
        Assert.Equal(["Echo", "Expand", "Collect", "Chat"], service.Methods.Select(m => m.Name));
        Assert.True(service.FindMethodByName("Chat").IsClientStreaming);
    }

    [Theory]
    [InlineData("rpctest.v1.EchoService.Chat", "rpctest/v1/echo.proto")]
    [InlineData("rpctest.v1.Failure", "rpctest/v1/echo.proto")]
    [InlineData("rpctest.v1.EchoRequest.delay", "rpctest/v1/echo.proto")]
    [InlineData("grpc.health.v1.HealthCheckResponse.ServingStatus", "grpc/health/v1/health.proto")]
    [InlineData(".google.protobuf.Duration", "google/protobuf/duration.proto")]
    public async Task Finds_the_file_of_methods_messages_nested_enums_and_fields(string symbol, string file)
    {
        var answer = Assert.Single(await AskAsync(new ServerReflectionRequest { FileContainingSymbol = symbol }));

        Assert.Equal(file, FileDescriptorProto.Parser.ParseFrom(answer.FileDescriptorResponse.FileDescriptorProto[0]).Name);
    }

    [Fact]
    public async Task Dependencies_already_sent_on_the_stream_are_not_sent_again()
    {
        var answers = await AskAsync(
            new ServerReflectionRequest { FileContainingSymbol = "rpctest.v1.EchoService" },
            new ServerReflectionRequest { FileContainingSymbol = "rpctest.v1.EchoRequest" });

        Assert.Equal(2, answers[0].FileDescriptorResponse.FileDescriptorProto.Count);
        Assert.Single(answers[1].FileDescriptorResponse.FileDescriptorProto);
    }

    [Fact]
    public async Task File_by_name_serves_well_known_types()
    {
        var answer = Assert.Single(await AskAsync(new ServerReflectionRequest { FileByFilename = "google/protobuf/duration.proto" }));

        Assert.Equal("google.protobuf", Build(answer)[0].Package);
    }

    [Fact]
    public async Task Unknown_symbols_and_files_are_error_responses_on_a_stream_that_goes_on()
    {
        var answers = await AskAsync(
            new ServerReflectionRequest { FileContainingSymbol = "no.such.Symbol" },
            new ServerReflectionRequest { FileByFilename = "no/such.proto" },
            new ServerReflectionRequest { FileContainingExtension = new ExtensionRequest { ContainingType = "rpctest.v1.EchoRequest", ExtensionNumber = 100 } },
            new ServerReflectionRequest { AllExtensionNumbersOfType = "rpctest.v1.EchoRequest" });

        Assert.Equal((int)StatusCode.NotFound, answers[0].ErrorResponse.ErrorCode);
        Assert.Equal("Symbol not found: no.such.Symbol", answers[0].ErrorResponse.ErrorMessage);
        Assert.Equal((int)StatusCode.NotFound, answers[1].ErrorResponse.ErrorCode);
        Assert.Equal((int)StatusCode.NotFound, answers[2].ErrorResponse.ErrorCode);
        Assert.Equal("rpctest.v1.EchoRequest", answers[3].AllExtensionNumbersResponse.BaseTypeName);
        Assert.Empty(answers[3].AllExtensionNumbersResponse.ExtensionNumber);
    }

    [Fact]
    public async Task V1alpha_answers_the_same_questions()
    {
        using var channel = _server.Channel();
        using var call = channel.DuplexStreamingCall(InfoV1Alpha);

        await call.RequestStream.WriteAsync(new V1Alpha.ServerReflectionRequest { Host = "localhost", ListServices = "" });
        Assert.True(await call.ResponseStream.MoveNext());
        var list = call.ResponseStream.Current;
        await call.RequestStream.WriteAsync(new V1Alpha.ServerReflectionRequest { FileContainingSymbol = "grpc.health.v1.Health.Watch" });
        Assert.True(await call.ResponseStream.MoveNext());
        var file = call.ResponseStream.Current;
        await call.RequestStream.CompleteAsync();

        Assert.Equal("localhost", list.ValidHost);
        Assert.Equal("localhost", list.OriginalRequest.Host);
        Assert.Contains("rpctest.v1.EchoService", list.ListServicesResponse.Service.Select(s => s.Name));
        Assert.Equal("grpc/health/v1/health.proto", FileDescriptorProto.Parser.ParseFrom(file.FileDescriptorResponse.FileDescriptorProto[0]).Name);
    }
}
