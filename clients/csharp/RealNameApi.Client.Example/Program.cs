// Diagnoses a failed verification, prints the guidance, then reads the case's status.
// Usage: dotnet run --project clients/csharp/RealNameApi.Client.Example [server address] [locale]
using RealNameApi.Client;
using RealNameApi.Contracts.V1;
using RealNameApi.Rpc;
using RealNameApi.Rpc.Client;

var address = args.Length > 0 ? args[0] : "http://127.0.0.1:5001";
var locale = args.Length > 1 ? args[1] : "en";

using var channel = RpcChannel.ForAddress(address);
var remediation = new RemediationClient(channel);
var statuses = new VerificationStatusClient(channel);
var caseRef = $"example-{Guid.NewGuid():N}";

try
{
    var response = await remediation.DiagnoseAsync(
        new DiagnoseRequest
        {
            Platform = "dayu",
            Message = "人脸与公安网照片不一致,请确保是账户本人操作",
            Locale = locale,
            CaseRef = caseRef,
        },
        new CallOptions().WithTimeout(TimeSpan.FromSeconds(5)));

    var diagnosis = response.Diagnosis;
    Console.WriteLine($"{diagnosis.RuleId} ({diagnosis.Category}, {diagnosis.Outcome}, confidence {diagnosis.Confidence})");
    Console.WriteLine(diagnosis.Title);
    for (var i = 0; i < diagnosis.Steps.Count; i++)
    {
        Console.WriteLine($"  {i + 1}. {diagnosis.Steps[i].Text}");
    }

    var status = await statuses.GetVerificationStatusAsync(
        new GetVerificationStatusRequest { CaseRef = caseRef },
        new CallOptions().WithTimeout(TimeSpan.FromSeconds(5)));
    Console.WriteLine($"Case {status.Status.CaseId}: {status.Status.State}");
    return 0;
}
catch (RpcException e)
{
    Console.Error.WriteLine($"{e.StatusCode}: {e.LocalizedMessage?.Message ?? e.Status.Detail}");
    foreach (var violation in e.BadRequest?.FieldViolations ?? [])
    {
        Console.Error.WriteLine($"  {violation.Field}: {violation.Description}");
    }
    return 1;
}
