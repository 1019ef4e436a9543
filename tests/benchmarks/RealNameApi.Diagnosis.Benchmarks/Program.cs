using System.Diagnostics;
using RealNameApi.Diagnosis.Benchmarks;

// `--cpu-time [SET ...]`: diagnoses per second of this process's CPU time and bytes allocated per
// diagnosis, on one thread, for each named set (a benchmark method of DiagnoseBenchmarks; the
// mixed set when none is named, `all` for every one). On a machine shared with other work,
// BenchmarkDotNet's wall-clock figures also measure the other processes; CPU time measures only
// this one.
// `--answers OUT [MESSAGES ...]`: one hash per answer over a large fixed set of requests (see
// AnswerDigest), to compare two builds with `cmp`: a change for speed must change no answer.
// Anything else: BenchmarkDotNet, with `--inProcess` (e.g. `--filter '*ServerMiss*' --inProcess`):
// the project it generates to run out of process fails to build Contracts' generated gRPC code.
if (args is ["--answers", var output, .. var messageFiles])
{
    return AnswerDigest.Write(output, messageFiles);
}

if (args is ["--cpu-time", ..])
{
    var benchmarks = new DiagnoseBenchmarks();
    (string Name, Func<int> Run, int PerCall)[] sets =
    [
        ("MixedSet", benchmarks.MixedSet, 12),
        ("ExactPrompts", benchmarks.ExactPrompts, 4),
        ("Paraphrased", benchmarks.Paraphrased, 4),
        ("UnknownText", benchmarks.UnknownText, 2),
        ("WithDocuments", benchmarks.WithDocuments, 2),
        ("AsUsersType", benchmarks.AsUsersType, 4),
        ("ServerMiss", benchmarks.ServerMiss, 2),
        ("EnglishUnknownCode", benchmarks.EnglishUnknownCode, 2),
    ];
    var names = args.Length == 1 ? ["MixedSet"] : args[1..];
    if (names is ["all"])
    {
        names = [.. sets.Select(s => s.Name)];
    }

    const int rounds = 5;
    foreach (var name in names)
    {
        var (_, run, perCall) = sets.FirstOrDefault(s => s.Name == name);
        if (run is null)
        {
            Console.Error.WriteLine($"unknown set {name}; sets: {string.Join(", ", sets.Select(s => s.Name))}, all");
            return 2;
        }

        // About a second per round whatever the set's size, after a warm-up past the JIT's tiers.
        var calls = 600_000 / perCall;
        for (var i = 0; i < calls / 2; i++)
        {
            run();
        }

        var rates = new double[rounds];
        var bytes = 0.0;
        for (var round = 0; round < rounds; round++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < calls; i++)
            {
                run();
            }

            var seconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)(calls * perCall);
            rates[round] = calls * perCall / seconds;
        }

        Array.Sort(rates);
        Console.WriteLine($"{name,-20} {rates[rounds / 2],10:N0} diagnoses per CPU second (median of {rounds}; {rates[0]:N0} to {rates[^1]:N0}), {bytes:N0} bytes allocated per diagnosis");
    }

    return 0;
}

BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
