using Grpc.Net.Client;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using RealNameApi.Client;
using RealNameApi.Contracts.V1;
using Grpc.Core;
using RealNameApi.Server.Tests.Infrastructure;
using RealNameApi.Testing;
using static RealNameApi.Server.Tests.Infrastructure.Calls;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace RealNameApi.Server.Tests;

/// <summary>
/// Two server processes on one real Redis: cases and answers are shared between replicas, and
/// nothing personal reaches Redis or the logs.
/// </summary>
public sealed class RedisReplicaTests(TwoServersOnOneRedis fixture) : IClassFixture<TwoServersOnOneRedis>, IDisposable
{
    private readonly GrpcChannel _a = fixture.A.CreateChannel();
    private readonly GrpcChannel _b = fixture.B.CreateChannel();

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
    }

    [Fact(Timeout = 60_000)]
    public async Task A_watch_on_server_B_receives_the_case_diagnosed_through_server_A_and_Get_on_B_reads_it()
    {
        Assert.Equal(ServingStatus.Serving, await HealthChecks.CheckAsync(_a, HealthChecks.Cache));
        Assert.Equal(ServingStatus.Serving, await HealthChecks.CheckAsync(_b, HealthChecks.Cache));

        var caseRef = NewCaseRef("replicas");
        var statusesOnB = new VerificationStatusService.VerificationStatusServiceClient(_b);
        using var watch = statusesOnB.WatchVerificationStatus(new WatchVerificationStatusRequest { CaseRef = caseRef }, Options(TimeSpan.FromSeconds(30)));
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(VerificationState.Unknown, watch.ResponseStream.Current.Status.State);

        var diagnosis = (await new RemediationService.RemediationServiceClient(_a).DiagnoseAsync(
            new DiagnoseRequest { Platform = "dayu", Message = FaceMismatch, CaseRef = caseRef }, Options())).Diagnosis;

        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15)),
            "the watch on B ended instead of sending the case recorded on A");
        var update = watch.ResponseStream.Current.Status;
        Assert.Equal(diagnosis.RuleId, update.RuleId);
        Assert.Equal("dayu", update.Platform);
        Assert.Equal(VerificationState.ActionRequired, update.State);

        var onA = (await new VerificationStatusService.VerificationStatusServiceClient(_a).GetVerificationStatusAsync(new GetVerificationStatusRequest { CaseRef = caseRef }, Options())).Status;
        var onB = (await statusesOnB.GetVerificationStatusAsync(new GetVerificationStatusRequest { CaseRef = caseRef }, Options())).Status;
        Assert.Equal(onA.CaseId, update.CaseId);
        Assert.Equal(onA, onB);

        var listedOnB = await statusesOnB.ListVerificationStatusesAsync(new ListVerificationStatusesRequest { Platform = "dayu", PageSize = 100 }, Options());
        Assert.Contains(listedOnB.Statuses, s => s.CaseId == onA.CaseId);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_answer_computed_on_A_is_cached_in_Redis_and_served_to_B()
    {
        using var redis = await RespClient.ConnectAsync(fixture.Redis.Port);
        // A date of its own, so no other test has cached this answer.
        var occurredAt = DateTimeOffset.UtcNow.AddDays(-Random.Shared.Next(30, 300));
        var request = new DiagnoseRequest { Platform = "aliyun-domain", Message = "不在实名库中", OccurredAt = Timestamp.FromDateTimeOffset(occurredAt) };

        var before = await ResultKeysAsync(redis, ":result:diagnose:");
        var fromA = await new RemediationService.RemediationServiceClient(_a).DiagnoseAsync(request, Options());
        // The shared tier is written after the answer is sent.
        var afterA = before;
        await Eventually.HoldsAsync(async () => (afterA = await ResultKeysAsync(redis, ":result:diagnose:")).Count > before.Count,
            "the answer computed on A appears in Redis", TimeSpan.FromSeconds(10));
        var added = Assert.Single(afterA.Except(before));

        var fromB = await new RemediationService.RemediationServiceClient(_b).DiagnoseAsync(request, Options());
        Assert.Equal(fromA, fromB);
        Assert.Equal(afterA, await ResultKeysAsync(redis, ":result:diagnose:"));

        // The cached value is the answer, as protobuf bytes, with a lifetime.
        var (type, parts) = await redis.ReadValueAsync(Encoding.UTF8.GetBytes(added));
        Assert.Equal("string", type);
        Assert.Contains(parts, p => p.AsSpan().IndexOf(Encoding.UTF8.GetBytes(fromA.Diagnosis.RuleId)) >= 0);
        var ttl = (long)(await redis.CommandAsync("PTTL", added))!;
        Assert.InRange(ttl, 1, (long)TimeSpan.FromMinutes(12).TotalMilliseconds);
    }

    [Fact(Timeout = 90_000)]
    public async Task No_id_number_name_case_ref_or_message_reaches_Redis_or_the_logs()
    {
        var idNumber = NewResidentIdNumber();
        var name = "司马慕霖";
        var marker = $"工单{Random.Shared.Next(100_000, 1_000_000)}";
        var message = $"{FaceMismatch}({marker})";
        var messageWithData = $"姓名 {name} 身份证号 {idNumber} 认证提示:人脸与公安网照片不一致";
        string[] caseRefs = [NewCaseRef("pii-a"), NewCaseRef("pii-batch"), NewCaseRef("pii-b")];
        var document = new Document
        {
            Type = DocumentType.ResidentIdCard,
            Number = idNumber,
            HolderName = name,
            LongTerm = true,
        };
        var remediationA = new RemediationService.RemediationServiceClient(_a);
        var remediationB = new RemediationService.RemediationServiceClient(_b);
        using var redis = await RespClient.ConnectAsync(fixture.Redis.Port);
        var resultsBefore = (await ResultKeysAsync(redis, ":result:")).Count;

        var first = await remediationA.DiagnoseAsync(new DiagnoseRequest
        {
            Platform = "dayu", Message = message, Document = document, CaseRef = caseRefs[0],
            Subject = new Subject { Type = SubjectType.Person, Region = Region.Mainland },
        }, Options());
        Assert.Equal(Category.FaceMismatch, first.Diagnosis.Category);
        await remediationB.DiagnoseAsync(new DiagnoseRequest { Platform = "dayu", Message = messageWithData, Document = document, CaseRef = caseRefs[2] }, Options());
        var batch = await remediationA.BatchDiagnoseAsync(new BatchDiagnoseRequest
        {
            Requests =
            {
                new DiagnoseRequest { Platform = "dayu", Message = messageWithData, Document = document, CaseRef = caseRefs[1] },
                new DiagnoseRequest { Message = message, Document = document, CaseRef = "x" },
            },
        }, Options());
        Assert.Equal(BatchDiagnoseResult.ResultOneofCase.Error, batch.Results[1].ResultCase);
        await remediationB.ValidateDocumentAsync(new ValidateDocumentRequest { Platform = "dayu", Document = document }, Options());
        var badNumber = document.Clone();
        badNumber.Number = idNumber[..17] + (idNumber[17] == '0' ? '1' : '0');
        await remediationA.ValidateDocumentAsync(new ValidateDocumentRequest { Platform = "dayu", Document = badNumber }, Options());
        foreach (var caseRef in caseRefs)
        {
            await new VerificationStatusService.VerificationStatusServiceClient(_b).GetVerificationStatusAsync(new GetVerificationStatusRequest { CaseRef = caseRef }, Options());
        }

        await Assert.ThrowsAsync<RpcException>(() => remediationA.DiagnoseAsync(new DiagnoseRequest
        {
            Platform = "dayu", Message = message, Document = new Document { Number = idNumber + new string('9', 60), HolderName = name }, CaseRef = caseRefs[0],
        }, Options()).ResponseAsync);

        string[] secrets = [idNumber, idNumber[..17], badNumber.Number, name, message, marker, messageWithData, .. caseRefs];

        // Answers reach Redis after they are sent: wait for the four cached ones (two Diagnose, two
        // ValidateDocument) before reading everything.
        await Eventually.HoldsAsync(async () => (await ResultKeysAsync(redis, ":result:")).Count >= resultsBefore + 4,
            "the answers of this test are in Redis", TimeSpan.FromSeconds(10));
        var keys = await redis.ScanAllKeysAsync();
        var keyNames = keys.Select(Encoding.UTF8.GetString).ToList();
        Assert.Contains(keyNames, k => k.Contains(":result:", StringComparison.Ordinal));
        Assert.Contains(keyNames, k => k.EndsWith(":status:cases", StringComparison.Ordinal));
        var values = 0;
        var sawRuleId = false;
        foreach (var key in keys)
        {
            AssertFree(key, secrets, $"the key {Encoding.UTF8.GetString(key)}");
            var (type, parts) = await redis.ReadValueAsync(key);
            foreach (var part in parts)
            {
                values++;
                AssertFree(part, secrets, $"the value ({type}) of {Encoding.UTF8.GetString(key)}");
                sawRuleId |= part.AsSpan().IndexOf("dayu.face-mismatch-police-photo"u8) >= 0;
            }
        }

        // The values were read as they are stored: the answers' own strings are there to be found.
        Assert.True(sawRuleId, $"no value of {keys.Count} keys ({values} parts) holds the rule id: the check cannot see plain strings");

        foreach (var server in new[] { fixture.A, fixture.B })
        {
            var output = server.Output;
            Assert.Contains("/realname.v1.RemediationService/Diagnose", output, StringComparison.Ordinal);
            foreach (var secret in secrets)
            {
                Assert.False(output.Contains(secret, StringComparison.Ordinal), $"server {server.Name}'s log contains \"{secret}\":\n{output}");
            }
        }
    }

    private static void AssertFree(byte[] bytes, string[] secrets, string where)
    {
        foreach (var secret in secrets)
        {
            Assert.False(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) >= 0, $"{where} contains \"{secret}\"");
        }
    }

    private static async Task<List<string>> ResultKeysAsync(RespClient redis, string kind) =>
        (await redis.ScanAllKeysAsync()).Select(Encoding.UTF8.GetString).Where(k => k.Contains(kind, StringComparison.Ordinal)).Order().ToList();
}
