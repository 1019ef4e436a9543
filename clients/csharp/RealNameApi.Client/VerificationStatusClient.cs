using System.Runtime.CompilerServices;
using Google.Protobuf.Reflection;
using RealNameApi.Contracts.V1;
using RealNameApi.Rpc;
using RealNameApi.Rpc.Client;

namespace RealNameApi.Client;

/// <summary>
/// The typed client of <c>realname.v1.VerificationStatusService</c>: one method per RPC. Failures
/// are <see cref="RpcException"/>.
/// </summary>
public sealed class VerificationStatusClient(RpcChannel channel)
{
    private static readonly ServiceDescriptor Service = VerificationStatusServiceReflection.Descriptor.Services.Single(s => s.Name == "VerificationStatusService");

    private static readonly Method<GetVerificationStatusRequest, GetVerificationStatusResponse> GetMethod =
        Method.From<GetVerificationStatusRequest, GetVerificationStatusResponse>(Service.FindMethodByName("GetVerificationStatus"));
    private static readonly Method<ListVerificationStatusesRequest, ListVerificationStatusesResponse> ListMethod =
        Method.From<ListVerificationStatusesRequest, ListVerificationStatusesResponse>(Service.FindMethodByName("ListVerificationStatuses"));
    private static readonly Method<WatchVerificationStatusRequest, WatchVerificationStatusResponse> WatchMethod =
        Method.From<WatchVerificationStatusRequest, WatchVerificationStatusResponse>(Service.FindMethodByName("WatchVerificationStatus"));

    /// <summary>Reads the current status of one case.</summary>
    public AsyncUnaryCall<GetVerificationStatusResponse> GetVerificationStatusAsync(GetVerificationStatusRequest request, CallOptions options = default) =>
        channel.UnaryCall(GetMethod, request, options);

    /// <summary>Lists one page of recorded cases.</summary>
    public AsyncUnaryCall<ListVerificationStatusesResponse> ListVerificationStatusesAsync(ListVerificationStatusesRequest request, CallOptions options = default) =>
        channel.UnaryCall(ListMethod, request, options);

    /// <summary>Starts watching a case: read its updates from <c>ResponseStream</c>; dispose the call to stop.</summary>
    public AsyncServerStreamingCall<WatchVerificationStatusResponse> WatchVerificationStatus(WatchVerificationStatusRequest request, CallOptions options = default) =>
        channel.ServerStreamingCall(WatchMethod, request, options);

    /// <summary>Watches a case as an async sequence; stopping the enumeration (or the token) cancels the call.</summary>
    public async IAsyncEnumerable<VerificationStatus> WatchVerificationStatusAsync(
        WatchVerificationStatusRequest request,
        CallOptions options = default,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var call = WatchVerificationStatus(request, options);
        while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            yield return call.ResponseStream.Current.Status;
        }
    }
}
