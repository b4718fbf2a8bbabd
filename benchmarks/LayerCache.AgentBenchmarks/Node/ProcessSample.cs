using System.Globalization;

namespace LayerCache.AgentBenchmarks.Node;

/// <summary>
/// One reading of a process from /proc: resident memory (VmRSS, its peak VmHWM, and its split into RssAnon, the
/// process's own memory, and RssFile, mapped files such as the runtime's assemblies) and CPU time (utime + stime).
/// </summary>
public sealed record ProcessSample(long RssBytes, long PeakRssBytes, long RssAnonBytes, long RssFileBytes, TimeSpan CpuTime)
{
    // USER_HZ: /proc/<pid>/stat counts in 1/100 s on every Linux architecture we run on (getconf CLK_TCK).
    private const double TicksPerSecond = 100;

    public static ProcessSample Read(int pid)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status");
        var stat = File.ReadAllText($"/proc/{pid}/stat");

        // Fields after the command name, which is in parentheses and may hold spaces: utime is field 14, stime 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return new ProcessSample(
            Kilobytes(status, "VmRSS:"), Kilobytes(status, "VmHWM:"), Kilobytes(status, "RssAnon:"), Kilobytes(status, "RssFile:"), TimeSpan.FromSeconds(ticks / TicksPerSecond));
    }

    private static long Kilobytes(string[] status, string field)
    {
        var line = status.First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}
