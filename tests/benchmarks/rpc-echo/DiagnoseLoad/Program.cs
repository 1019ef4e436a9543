// The Diagnose side of tests/benchmarks/rpc-echo/run.sh.
//   frame OUT [VARIANT]           write the framed DiagnoseRequest h2load sends (the cache-hit case)
//   size HOST:PORT                call Diagnose once through grpc-dotnet's client; print the response frame size
//   miss HOST:PORT WARMUP SECONDS CONNECTIONS STREAMS
//                                 Diagnose with a request never sent before on every call (its code counts
//                                 up: a part of the cache key that no rule knows, so it changes no work), CONNECTIONS
//                                 HTTP/2 connections with STREAMS calls in flight each; prints
//                                 "calls N failed F rps R p50_ms A p99_ms B"
//   hit HOST:PORT WARMUP SECONDS CONNECTIONS STREAMS
//                                 the same with one request repeated: what this client reaches on hits, to
//                                 compare with h2load's figure for the same case
using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using RealNameApi.Contracts.V1;

static DiagnoseRequest Request(int variant) => new()
{
    Platform = "dayu",
    // An error code no rule has: the matcher looks it up and goes on to the message, so every
    // variant costs the engine the same, and each is its own cache key.
    Code = string.Create(CultureInfo.InvariantCulture, $"B{variant}"),
    Message = "人脸与公安网照片不一致,请确保是账户本人操作",
    Locale = "en",
    Subject = new Subject { Type = SubjectType.Person },
};
static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);

switch (args)
{
    case ["frame", var path, ..]:
    {
        var message = Request(args.Length > 2 ? Int(args[2]) : 1).ToByteArray();
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        File.WriteAllBytes(path, frame);
        return 0;
    }
    case ["size", var target]:
    {
        using var channel = GrpcChannel.ForAddress($"http://{target}");
        var response = await new RemediationService.RemediationServiceClient(channel).DiagnoseAsync(Request(1), deadline: DateTime.UtcNow.AddSeconds(10));
        Console.WriteLine(5 + response.CalculateSize());
        return 0;
    }
    case [var mode and ("miss" or "hit"), var target, var warmup, var seconds, var connections, var streams]:
    {
        var channels = Enumerable.Range(0, Int(connections))
            .Select(_ => GrpcChannel.ForAddress($"http://{target}", new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = false } }))
            .ToArray();
        var next = 100;
        Func<int> variant = mode == "miss" ? () => Interlocked.Increment(ref next) : () => 1;
        await RunAsync(channels, Int(streams), TimeSpan.FromSeconds(Int(warmup)), variant, record: false);
        var (calls, failed, elapsed, latencies) = await RunAsync(channels, Int(streams), TimeSpan.FromSeconds(Int(seconds)), variant, record: true);
        latencies.Sort();
        double Percentile(double p) => latencies.Count == 0 ? 0 : latencies[Math.Min(latencies.Count - 1, (int)(p * latencies.Count))] * 1000.0 / Stopwatch.Frequency;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"calls {calls} failed {failed} rps {calls / elapsed.TotalSeconds:0} p50_ms {Percentile(0.50):0.000} p99_ms {Percentile(0.99):0.000}"));
        foreach (var channel in channels)
        {
            channel.Dispose();
        }
        return failed == 0 ? 0 : 1;
    }
    default:
        Console.Error.WriteLine("usage: see the top of Program.cs");
        return 2;
}

static async Task<(long Calls, long Failed, TimeSpan Elapsed, List<long> Latencies)> RunAsync(
    GrpcChannel[] channels, int streams, TimeSpan duration, Func<int> nextVariant, bool record)
{
    long calls = 0, failed = 0;
    var all = new List<long>[channels.Length * streams];
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(channels.SelectMany((channel, c) => Enumerable.Range(0, streams).Select(s => Task.Run(async () =>
    {
        var client = new RemediationService.RemediationServiceClient(channel);
        var mine = all[c * streams + s] = new List<long>(1 << 16);
        while (clock.Elapsed < duration)
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                var response = await client.DiagnoseAsync(Request(nextVariant()), deadline: DateTime.UtcNow.AddSeconds(30));
                if (response.Diagnosis.RuleId != "dayu.face-mismatch-police-photo")
                {
                    Interlocked.Increment(ref failed);
                }
            }
            catch (RpcException)
            {
                Interlocked.Increment(ref failed);
            }
            if (record)
            {
                mine.Add(Stopwatch.GetTimestamp() - start);
            }
            Interlocked.Increment(ref calls);
        }
    }))));
    var elapsed = clock.Elapsed;
    return (calls, failed, elapsed, all.SelectMany(l => l).ToList());
}
