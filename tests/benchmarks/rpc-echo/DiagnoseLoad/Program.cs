// The load side of tests/benchmarks/rpc-echo/run.sh.
//   frame OUT                     write the framed DiagnoseRequest h2load sends (the cache-hit case)
//   size HOST:PORT                call Diagnose once through grpc-dotnet's client; print the response frame size
//   MODE HOST:PORT WARMUP SECONDS CONNECTIONS STREAMS
//                                 drive the server over raw HTTP/2 (Http2Load.cs), CONNECTIONS connections with
//                                 STREAMS calls in flight each, a WARMUP then SECONDS measured; prints
//                                 "calls N failed F rps R p50_ms A p99_ms B" and, on standard error, how the
//                                 answers were checked. MODE is
//     miss   Diagnose, a request never sent before on every call (its code counts up: a part of the cache
//            key that no rule knows, so it changes no work): computed, then cached
//     hit    Diagnose, h2load's one request on every call: what this client reaches where h2load is the reference
//     echo   bench.v1.EchoService/Echo, an 86-byte echo like h2load's, its text counting up: this client's
//            own ceiling, and the C++ server driven the same way as the miss case
//     echo-FRAMEBYTES  the same, asking (response_payload_size) for an answer of FRAMEBYTES bytes, as
//            run.sh's csharp-echo-D does: the stack's cost for Diagnose's answer, driven as the hits are
using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;
using Google.Protobuf;
using Grpc.Net.Client;
using RealNameApi.Benchmarks.Load;
using RealNameApi.Contracts.V1;

const string ExpectedRule = "dayu.face-mismatch-police-photo";
const int CounterDigits = 9;

static DiagnoseRequest Request(string code) => new()
{
    Platform = "dayu",
    // An error code no rule has: the matcher looks it up and goes on to the message, so every
    // code costs the engine the same, and each is its own cache key.
    Code = code,
    Message = "人脸与公安网照片不一致,请确保是账户本人操作",
    Locale = "en",
    Subject = new Subject { Type = SubjectType.Person },
};
static byte[] Frame(ReadOnlySpan<byte> message)
{
    var frame = new byte[5 + message.Length];
    BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
    message.CopyTo(frame.AsSpan(5));
    return frame;
}
static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);
static async Task<DiagnoseResponse> CallOnce(string target, DiagnoseRequest request)
{
    using var channel = GrpcChannel.ForAddress($"http://{target}");
    return await new RemediationService.RemediationServiceClient(channel).DiagnoseAsync(request, deadline: DateTime.UtcNow.AddSeconds(10));
}

switch (args)
{
    case ["frame", var path]:
        File.WriteAllBytes(path, Frame(Request("B1").ToByteArray()));
        return 0;
    case ["size", var target]:
    {
        var response = await CallOnce(target, Request("B1"));
        if (response.Diagnosis.RuleId != ExpectedRule)
        {
            Console.Error.WriteLine($"Diagnose answered rule {response.Diagnosis.RuleId}, not {ExpectedRule}");
            return 1;
        }
        Console.WriteLine(5 + response.CalculateSize());
        return 0;
    }
    case [var mode, var target, var warmup, var seconds, var connections, var streams]
        when mode is "miss" or "hit" or "echo" || mode.StartsWith("echo-", StringComparison.Ordinal):
    {
        var (identical, parsed) = (0L, 0L);
        CallShape shape;
        if (mode.StartsWith("echo-", StringComparison.Ordinal))
        {
            // EchoRequest{text: "echo 00000000" counting up, response_payload_size: N}, N such that the
            // answer (EchoResponse{text, payload: N zero bytes}) is a frame of FRAMEBYTES bytes.
            const int echoDigits = 8;
            var text = Encoding.ASCII.GetBytes("echo " + new string('0', echoDigits));
            var size = Int(mode["echo-".Length..]) - 5 - (2 + text.Length) - 1 - 2;
            if (size is < 128 or >= 16384)
            {
                Console.Error.WriteLine($"{mode}: the answer's frame must be 151 to 16406 bytes");
                return 2;
            }
            byte[] message = [0x0a, (byte)text.Length, .. text, 0x18, (byte)(size | 0x80), (byte)(size >> 7)];
            shape = new CallShape("/bench.v1.EchoService/Echo", Frame(message), 5 + 2 + text.Length - echoDigits, echoDigits, (request, response) =>
            {
                var r = response.Span;
                var q = request.Span;
                // text as sent (tag, length, bytes), then payload: tag, two-byte length, zeros.
                return r.Length == 2 + text.Length + 3 + size
                    && r[..(2 + text.Length)].SequenceEqual(q[..(2 + text.Length)])
                    && r[2 + text.Length] == 0x12 && r[3 + text.Length] == (byte)(size | 0x80) && r[4 + text.Length] == (byte)(size >> 7)
                    && !r[(5 + text.Length)..].ContainsAnyExcept((byte)0);
            });
        }
        else if (mode == "echo")
        {
            // EchoRequest{text: "echo 00000000" counting up, payload: 64 bytes}, the size of h2load's
            // (13 + 64 bytes), written by hand as run.sh writes that; the echo must be the call's own
            // request, byte for byte.
            const int echoDigits = 8;
            var text = Encoding.ASCII.GetBytes("echo " + new string('0', echoDigits));
            var payload = Enumerable.Range(0, 64).Select(i => (byte)i).ToArray();
            byte[] message = [0x0a, (byte)text.Length, .. text, 0x12, (byte)payload.Length, .. payload];
            shape = new CallShape("/bench.v1.EchoService/Echo", Frame(message), 5 + 2 + text.Length - echoDigits, echoDigits,
                (request, response) => response.Span.SequenceEqual(request.Span));
        }
        else
        {
            // The answer every call must get: one call through grpc-dotnet's client, checked, then
            // compared byte for byte; an answer that differs is parsed as DiagnoseResponse and passes
            // only with the expected rule.
            var placeholder = "B" + new string('0', CounterDigits);
            var code = mode == "miss" ? placeholder : "B1";
            var reference = await CallOnce(target, Request(code));
            if (reference.Diagnosis.RuleId != ExpectedRule)
            {
                Console.Error.WriteLine($"Diagnose answered rule {reference.Diagnosis.RuleId}, not {ExpectedRule}");
                return 1;
            }
            var expected = reference.ToByteArray();
            var frame = Frame(Request(code).ToByteArray());
            var offset = mode == "miss" ? frame.AsSpan().IndexOf(Encoding.ASCII.GetBytes(placeholder)) + 1 : -1;
            shape = new CallShape("/realname.v1.RemediationService/Diagnose", frame, offset, CounterDigits, (_, response) =>
            {
                if (response.Span.SequenceEqual(expected))
                {
                    Interlocked.Increment(ref identical);
                    return true;
                }
                Interlocked.Increment(ref parsed);
                try
                {
                    var answer = DiagnoseResponse.Parser.ParseFrom(response.Span);
                    return answer.Diagnosis?.RuleId == ExpectedRule && answer.Recording == CaseRecording.NotRequested;
                }
                catch (InvalidProtocolBufferException)
                {
                    return false;
                }
            });
        }

        var endpoint = IPEndPoint.Parse(target);
        var load = new Http2Load(shape, endpoint, Int(connections), Int(streams));
        var result = await load.RunAsync(TimeSpan.FromSeconds(Int(warmup)), TimeSpan.FromSeconds(Int(seconds)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"calls {result.Calls} failed {result.Failed} rps {result.Rps:0} p50_ms {result.P50Ms:0.000} p99_ms {result.P99Ms:0.000}"));
        Console.Error.WriteLine(mode.StartsWith("echo", StringComparison.Ordinal)
            ? "    every echo compared with its own request"
            : $"    answers identical to the checked reference: {identical}, parsed and checked instead: {parsed}");
        Console.Error.WriteLine($"    {result.Traffic}");
        if (result.FirstFailure is not null)
        {
            Console.Error.WriteLine($"    first failure: {result.FirstFailure}");
        }
        return result.Failed == 0 && result.Calls > 0 ? 0 : 1;
    }
    default:
        Console.Error.WriteLine("usage: see the top of Program.cs");
        return 2;
}
