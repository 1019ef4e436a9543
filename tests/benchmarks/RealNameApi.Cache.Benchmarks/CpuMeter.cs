using System.Globalization;

namespace RealNameApi.Cache.Benchmarks;

/// <summary>
/// How busy the machine was during a case, and how much of that was not this benchmark (the
/// client, the server, redis-server): another program's load distorts the figures, so each case
/// says how much there was. Linux /proc only; elsewhere it reports nothing.
/// </summary>
internal sealed class CpuMeter
{
    private readonly Func<IEnumerable<int>> _ours;
    private (long Busy, long Total, long Ours) _start;

    public CpuMeter(Func<IEnumerable<int>> ours) => _ours = ours;

    public void Start() => _start = Read();

    /// <summary>Since <see cref="Start"/>: the share of all cores the benchmark's processes used, and the share others used.</summary>
    public (double Ours, double Others)? Stop()
    {
        var end = Read();
        var total = end.Total - _start.Total;
        if (total <= 0)
        {
            return null;
        }

        var ours = end.Ours - _start.Ours;
        var others = Math.Max(0, end.Busy - _start.Busy - ours);
        return ((double)ours / total, (double)others / total);
    }

    private (long Busy, long Total, long Ours) Read()
    {
        try
        {
            // cpu  user nice system idle iowait irq softirq steal ...
            var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
                .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var busy = cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + cpu[7];
            var total = busy + cpu[3] + cpu[4];
            return (busy, total, _ours().Sum(ProcessTicks));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return (0, 0, 0);
        }
    }

    // utime + stime, fields 14 and 15 of /proc/<pid>/stat, counted after the parenthesised name.
    private static long ProcessTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }
}
