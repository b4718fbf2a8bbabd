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

    /// <summary>
    /// Waits until this process has used under a tenth of a core for <paramref name="window"/>, or for a minute at most:
    /// what the load generator did before (publishing thousands of snapshots) leaves its runtime compiling the code it
    /// made hot, for seconds, and a coordinator started then would share the cores with that.
    /// </summary>
    public static async Task WaitQuietAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        var ceiling = System.Diagnostics.Stopwatch.StartNew();
        while (ceiling.Elapsed < TimeSpan.FromMinutes(1))
        {
            self.Refresh();
            var before = self.TotalProcessorTime;
            await Task.Delay(window, cancellationToken).ConfigureAwait(false);
            self.Refresh();
            if (self.TotalProcessorTime - before < window / 10)
            {
                return;
            }
        }
    }

    /// <summary>VmRSS in bytes.</summary>
    public static long RssBytes(int pid) => StatusBytes(pid, "VmRSS:");

    /// <summary>VmHWM in bytes: the most the process has held resident since it started.</summary>
    public static long PeakRssBytes(int pid) => StatusBytes(pid, "VmHWM:");

    private static long StatusBytes(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
