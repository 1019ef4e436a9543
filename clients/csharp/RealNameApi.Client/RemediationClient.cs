using Google.Protobuf.Reflection;
using RealNameApi.Contracts.V1;
using RealNameApi.Rpc.Client;

namespace RealNameApi.Client;

/// <summary>
/// The typed client of <c>realname.v1.RemediationService</c>: one method per RPC. Each returns the
/// call in flight; await it for the response, or keep it to read response headers and trailers.
/// Failures are <see cref="Rpc.RpcException"/>, with the status code and the decoded rich details
/// (<c>BadRequest</c>, <c>ErrorInfo</c>, <c>RetryInfo</c>, <c>LocalizedMessage</c>).
/// </summary>
public sealed class RemediationClient(RpcChannel channel)
{
    private static readonly ServiceDescriptor Service = RemediationServiceReflection.Descriptor.Services.Single(s => s.Name == "RemediationService");

    private static readonly Method<DiagnoseRequest, DiagnoseResponse> DiagnoseMethod =
        Method.From<DiagnoseRequest, DiagnoseResponse>(Service.FindMethodByName("Diagnose"));
    private static readonly Method<BatchDiagnoseRequest, BatchDiagnoseResponse> BatchDiagnoseMethod =
        Method.From<BatchDiagnoseRequest, BatchDiagnoseResponse>(Service.FindMethodByName("BatchDiagnose"));
    private static readonly Method<ValidateDocumentRequest, ValidateDocumentResponse> ValidateDocumentMethod =
        Method.From<ValidateDocumentRequest, ValidateDocumentResponse>(Service.FindMethodByName("ValidateDocument"));
    private static readonly Method<ListFailureRulesRequest, ListFailureRulesResponse> ListFailureRulesMethod =
        Method.From<ListFailureRulesRequest, ListFailureRulesResponse>(Service.FindMethodByName("ListFailureRules"));
    private static readonly Method<GetPlatformPolicyRequest, GetPlatformPolicyResponse> GetPlatformPolicyMethod =
        Method.From<GetPlatformPolicyRequest, GetPlatformPolicyResponse>(Service.FindMethodByName("GetPlatformPolicy"));

    /// <summary>Diagnoses one failed verification.</summary>
    public AsyncUnaryCall<DiagnoseResponse> DiagnoseAsync(DiagnoseRequest request, CallOptions options = default) =>
        channel.UnaryCall(DiagnoseMethod, request, options);

    /// <summary>Diagnoses up to 100 failures at once.</summary>
    public AsyncUnaryCall<BatchDiagnoseResponse> BatchDiagnoseAsync(BatchDiagnoseRequest request, CallOptions options = default) =>
        channel.UnaryCall(BatchDiagnoseMethod, request, options);

    /// <summary>Checks a document against the platform's rules.</summary>
    public AsyncUnaryCall<ValidateDocumentResponse> ValidateDocumentAsync(ValidateDocumentRequest request, CallOptions options = default) =>
        channel.UnaryCall(ValidateDocumentMethod, request, options);

    /// <summary>Lists one page of the catalog's failure rules.</summary>
    public AsyncUnaryCall<ListFailureRulesResponse> ListFailureRulesAsync(ListFailureRulesRequest request, CallOptions options = default) =>
        channel.UnaryCall(ListFailureRulesMethod, request, options);

    /// <summary>Reads a platform's policy.</summary>
    public AsyncUnaryCall<GetPlatformPolicyResponse> GetPlatformPolicyAsync(GetPlatformPolicyRequest request, CallOptions options = default) =>
        channel.UnaryCall(GetPlatformPolicyMethod, request, options);
}
