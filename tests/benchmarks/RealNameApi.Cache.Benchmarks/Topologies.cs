using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using RealNameApi.Contracts.V1;
using RealNameApi.Testing;

namespace RealNameApi.Cache.Benchmarks;

/// <summary>
/// Diagnose through one redis-server and through a Redis Cluster (three primaries, a replica
/// each), in one run and alike otherwise: per deployment, a server that misses (each request a
/// new answer, read from and written to Redis, its case recorded in the status store), then a
/// new server process whose every request is a Redis hit. Prints each case and the cluster's
/// figures against one Redis's.
/// </summary>
internal static class Topologies
{
    private const string Rule = "dayu.face-mismatch-police-photo";
    private static readonly DateTimeOffset Occurred = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(int calls, int warmUp, int concurrency, CancellationToken cancellationToken)
    {
        var secret = "cache-benchmark-" + Convert.ToHexString(Guid.NewGuid().ToByteArray());
        var results = new List<(string Deployment, string Case, Measurement Result)>();
        // One failure (大鱼号: the face does not match the police photo) with a different error
        // code each, one no rule knows: every request is its own answer (the code is part of the
        // cache key; occurred_at is not, beyond its Shanghai date), the same work; a case reference
        // per request, so each miss also records a case (one tenant: the open loopback one). Each
        // deployment has its own codes, so it computes and stores every answer afresh.
        DiagnoseRequest[] Requests(int from, int count, string tag) =>
            [.. Enumerable.Range(from, count).Select(i => new DiagnoseRequest
            {
                Platform = "dayu",
                Message = "人脸与公安网照片不一致,请确保是账户本人操作",
                Subject = new Subject { Type = SubjectType.Person },
                Code = string.Create(CultureInfo.InvariantCulture, $"B{i + (tag == "cluster" ? 1_000_000 : 0)}"),
                OccurredAt = Timestamp.FromDateTimeOffset(Occurred),
                CaseRef = $"{tag}-{i}",
            })];

        foreach (var deployment in new[] { "one Redis", "cluster" })
        {
            using IDisposable redis = deployment == "cluster" ? await RedisCluster.StartAsync(cancellationToken: cancellationToken) : new RedisServer();
            var configuration = ((IRedisDeployment)redis).Configuration;
            Console.WriteLine($"{deployment}: {configuration}");
            // The rate limit of the open loopback tenant would cut the load short: this measures the
            // cache. A command timed out at the default 250 ms is answered without Redis, which would
            // make a case other than it says on a busy machine: the timeout is 2 s here.
            string[] settings =
            [
                $"--Redis:Configuration={configuration}", $"--Cache:KeySecret={secret}", "--Redis:AsyncTimeout=00:00:02",
                "--RateLimits:Default:RequestsPerSecond=1000000", "--RateLimits:Default:Burst=1000000",
            ];
            var warm = Requests(1, warmUp, deployment);
            var measured = Requests(warmUp + 1, calls, deployment);
            await using (var server = await ServerProcess.StartAsync("1", settings, cancellationToken: cancellationToken))
            {
                using var channel = server.CreateChannel();
                var client = new RemediationService.RemediationServiceClient(channel);
                await Load.RunAsync(client, warm, concurrency, Rule, cancellationToken);
                results.Add((deployment, "miss + record", await Checked(server, () => Load.RunAsync(client, measured, concurrency, Rule, cancellationToken))));
            }

            // Let the last misses' background writes land before a new process reads them.
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            await using (var server = await ServerProcess.StartAsync("2", settings, cancellationToken: cancellationToken))
            {
                using var channel = server.CreateChannel();
                var client = new RemediationService.RemediationServiceClient(channel);
                // The same requests without their case reference: answers from Redis, nothing recorded.
                DiagnoseRequest[] Plain(DiagnoseRequest[] from) => [.. from.Select(r => { var c = r.Clone(); c.CaseRef = ""; return c; })];
                await Load.RunAsync(client, Plain(warm), concurrency, Rule, cancellationToken);
                results.Add((deployment, "Redis hit", await Checked(server, () => Load.RunAsync(client, Plain(measured), concurrency, Rule, cancellationToken))));
            }
        }

        Console.WriteLine();
        Console.WriteLine($"{"deployment",-10} {"case",-14} {"calls",7} {"requests/s",11} {"p50 ms",8} {"p99 ms",8} {"req/s vs one",13} {"p50 vs one",11} {"p99 vs one",11}");
        foreach (var (deployment, name, r) in results)
        {
            var one = results.Single(x => x.Deployment == "one Redis" && x.Case == name).Result;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{deployment,-10} {name,-14} {r.Calls,7} {r.PerSecond,11:N0} {r.P50,8:F2} {r.P99,8:F2} {r.PerSecond / one.PerSecond,12:F2}x {r.P50 / one.P50,10:F2}x {r.P99 / one.P99,10:F2}x"));
        }

        return 0;
    }

    // A Redis command that failed or timed out is answered without Redis and logged: such a case
    // would not measure what it says.
    private static async Task<Measurement> Checked(ServerProcess server, Func<Task<Measurement>> run)
    {
        var before = server.Problems.Count;
        var result = await run();
        var problems = server.Problems.Skip(before).ToList();
        return problems.Count == 0
            ? result
            : throw new InvalidOperationException($"The server logged {problems.Count} warnings during the case, e.g. {problems[0]}");
    }
}
