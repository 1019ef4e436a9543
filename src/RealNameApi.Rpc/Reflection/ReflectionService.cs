using Google.Protobuf;
using Grpc.Reflection.V1;
using RealNameApi.Rpc.Server;

namespace RealNameApi.Rpc.Reflection;

/// <summary>
/// The <c>grpc.reflection.v1.ServerReflection</c> handler: lists the mapped services and serves
/// their proto files, so grpcurl, grpcui and Postman can call every method without the .proto files.
/// </summary>
internal sealed class ReflectionService(RpcServiceRegistry registry)
{
    private (int Version, DescriptorIndex Index)? _cache;

    public async Task ServerReflectionInfo(
        IAsyncStreamReader<ServerReflectionRequest> requestStream,
        IServerStreamWriter<ServerReflectionResponse> responseStream,
        ServerCallContext context)
    {
        var index = GetIndex();
        var sent = new HashSet<string>(StringComparer.Ordinal);
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            await responseStream.WriteAsync(Answer(index, requestStream.Current, sent), context.CancellationToken);
        }
    }

    internal DescriptorIndex GetIndex()
    {
        // Services are mapped at start-up; rebuild only if one was added since the last build.
        var cache = _cache;
        if (cache is { } c && c.Version == registry.Version)
        {
            return c.Index;
        }
        var index = new DescriptorIndex(registry.Services);
        _cache = (registry.Version, index);
        return index;
    }

    internal static ServerReflectionResponse Answer(DescriptorIndex index, ServerReflectionRequest request, HashSet<string> sent)
    {
        var response = new ServerReflectionResponse { ValidHost = request.Host, OriginalRequest = request };
        switch (request.MessageRequestCase)
        {
            case ServerReflectionRequest.MessageRequestOneofCase.ListServices:
                var list = new ListServiceResponse();
                list.Service.AddRange(index.ServiceNames.Select(name => new ServiceResponse { Name = name }));
                response.ListServicesResponse = list;
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileByFilename:
                SetFiles(response, index.FindFile(request.FileByFilename), sent, $"File not found: {request.FileByFilename}");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingSymbol:
                SetFiles(response, index.FindFileContainingSymbol(request.FileContainingSymbol), sent, $"Symbol not found: {request.FileContainingSymbol}");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingExtension:
                SetError(response, StatusCode.NotFound, "Extensions are not supported: the services use proto3 without extensions.");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.AllExtensionNumbersOfType:
                if (index.IsMessageType(request.AllExtensionNumbersOfType))
                {
                    response.AllExtensionNumbersResponse = new ExtensionNumberResponse { BaseTypeName = request.AllExtensionNumbersOfType.TrimStart('.') };
                }
                else
                {
                    SetError(response, StatusCode.NotFound, $"Type not found: {request.AllExtensionNumbersOfType}");
                }
                break;
            default:
                SetError(response, StatusCode.InvalidArgument, "The reflection request names no known query.");
                break;
        }
        return response;
    }

    private static void SetFiles(ServerReflectionResponse response, Google.Protobuf.Reflection.FileDescriptor? file, HashSet<string> sent, string notFound)
    {
        if (file is null)
        {
            SetError(response, StatusCode.NotFound, notFound);
            return;
        }
        var files = new FileDescriptorResponse();
        foreach (var descriptor in DescriptorIndex.WithDependencies(file, sent))
        {
            files.FileDescriptorProto.Add(descriptor.SerializedData);
        }
        response.FileDescriptorResponse = files;
    }

    private static void SetError(ServerReflectionResponse response, StatusCode code, string message) =>
        response.ErrorResponse = new ErrorResponse { ErrorCode = (int)code, ErrorMessage = message };
}

/// <summary>
/// The <c>grpc.reflection.v1alpha.ServerReflection</c> handler, for older tools. Its messages are
/// wire-identical to v1, so each is re-read as v1, answered by <see cref="ReflectionService"/>, and
/// re-read back.
/// </summary>
internal sealed class ReflectionServiceV1Alpha(ReflectionService reflection)
{
    public async Task ServerReflectionInfo(
        IAsyncStreamReader<Grpc.Reflection.V1Alpha.ServerReflectionRequest> requestStream,
        IServerStreamWriter<Grpc.Reflection.V1Alpha.ServerReflectionResponse> responseStream,
        ServerCallContext context)
    {
        var index = reflection.GetIndex();
        var sent = new HashSet<string>(StringComparer.Ordinal);
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            var request = ServerReflectionRequest.Parser.ParseFrom(requestStream.Current.ToByteString());
            var answer = ReflectionService.Answer(index, request, sent);
            await responseStream.WriteAsync(Grpc.Reflection.V1Alpha.ServerReflectionResponse.Parser.ParseFrom(answer.ToByteString()), context.CancellationToken);
        }
    }
}
