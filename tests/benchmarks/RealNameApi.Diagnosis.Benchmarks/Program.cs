using System.Diagnostics;
using RealNameApi.Diagnosis.Benchmarks;

// `--cpu-time`: diagnoses per second of this process's CPU time, for the mixed set, on one
// thread. On a machine shared with other work, BenchmarkDotNet's wall-clock figures also measure
// the other processes; CPU time measures only this one. Anything else: BenchmarkDotNet.
if (args is ["--cpu-time", ..])
{
    var benchmarks = new DiagnoseBenchmarks();
    const int perCall = 12;
    for (var i = 0; i < 20_000; i++)
    {
        benchmarks.MixedSet();
    }

    for (var round = 1; round <= 5; round++)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        const int calls = 50_000;
        for (var i = 0; i < calls; i++)
        {
            benchmarks.MixedSet();
        }

        var seconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)(calls * perCall);
        Console.WriteLine($"round {round}: {calls * perCall / seconds,10:N0} diagnoses per CPU second, {bytes:N0} bytes allocated per diagnosis");
    }

    return;
}

BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
