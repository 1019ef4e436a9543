// Diagnoses a failed verification and prints what to do: the steps, when to retry, and how to
// appeal with the materials the appeal needs; then reads the case's recorded status.
// Usage: dotnet run --project clients/csharp/RealNameApi.Client.Example -- [server address] [locale] [platform] [message]
using Grpc.Core;
using RealNameApi.Client;
using RealNameApi.Contracts.V1;

var address = args.Length > 0 ? args[0] : "http://127.0.0.1:5001";
var locale = args.Length > 1 ? args[1] : "en";
var platform = args.Length > 2 ? args[2] : "dayu";
var message = args.Length > 3 ? args[3] : "人脸与公安网照片不一致,请确保是账户本人操作";

using var client = RealNameApiClient.Create(new RealNameApiClientOptions { Address = new Uri(address), DefaultTimeout = TimeSpan.FromSeconds(5) });
var caseRef = $"example-{Guid.NewGuid():N}";

try
{
    var diagnosis = (await client.Remediation.DiagnoseAsync(new DiagnoseRequest
    {
        Platform = platform,
        Message = message,
        Locale = locale,
        CaseRef = caseRef,
    })).Diagnosis;

    Console.WriteLine($"{diagnosis.RuleId} ({diagnosis.Category}, {diagnosis.Outcome}, confidence {diagnosis.Confidence:0.00})");
    Console.WriteLine(diagnosis.Title);
    for (var i = 0; i < diagnosis.Steps.Count; i++)
    {
        Console.WriteLine($"  {i + 1}. {diagnosis.Steps[i].Text}");
    }
    if (diagnosis.Retry?.Earliest is { } earliest)
    {
        Console.WriteLine($"Retry from {earliest.ToDateTimeOffset():yyyy-MM-dd HH:mm} UTC");
    }

    if (diagnosis.Escalation is { } appeal && (appeal.Channels.Count > 0 || appeal.RequiredMaterials.Count > 0))
    {
        Console.WriteLine("Appeal:");
        foreach (var channel in appeal.Channels)
        {
            Console.WriteLine($"  {channel.Name}{(channel.Address.Length > 0 ? $" <{channel.Address}>" : "")}: {channel.WhenToUse}");
            foreach (var material in channel.RequiredMaterials)
            {
                Console.WriteLine($"    - {material}");
            }
        }
        if (appeal.RequiredMaterials.Count > 0)
        {
            Console.WriteLine("  Materials for any appeal:");
            foreach (var material in appeal.RequiredMaterials)
            {
                Console.WriteLine($"    - {material}");
            }
        }
        foreach (var note in appeal.Notes)
        {
            Console.WriteLine($"  Note: {note}");
        }
    }

    var status = (await client.Statuses.GetVerificationStatusAsync(new GetVerificationStatusRequest { CaseRef = caseRef })).Status;
    Console.WriteLine($"Case {status.CaseId}: {status.State}");
    return 0;
}
catch (RpcException e)
{
    var error = e.ToRealNameApiError();
    Console.Error.WriteLine($"{error.Code}: {error.LocalizedMessage?.Message ?? error.Message}");
    foreach (var violation in error.FieldViolations)
    {
        Console.Error.WriteLine($"  {violation.Field}: {violation.Description}");
    }
    return 1;
}
