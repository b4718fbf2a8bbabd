using System.Globalization;

namespace LayerCache.LoadTest.Cluster;

/// <summary>Reads a process's CPU time and resident memory from /proc.</summary>
public static class ProcessStat
{
    private const double ClockTicksPerSecond = 100;

    /// <summary>utime + stime, fields 14 and 15 of /proc/PID/stat (counted after the command name's closing parenthesis).</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
    }

    /// <summary>VmRSS in bytes.</summary>
    public static long RssBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
