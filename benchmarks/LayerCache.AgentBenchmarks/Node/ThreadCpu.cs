using System.Globalization;

namespace LayerCache.AgentBenchmarks.Node;

/// <summary>CPU time of a process's threads, summed by thread name (/proc/&lt;pid&gt;/task/*/comm, e.g. ".NET Server GC").</summary>
public static class ThreadCpu
{
    private const double TicksPerSecond = 100;

    /// <summary>Thread name to CPU seconds (utime + stime) used so far by its living threads; per thread id, to diff two readings.</summary>
    public static Dictionary<int, (string Name, double Seconds)> Read(int pid)
    {
        var threads = new Dictionary<int, (string, double)>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                var name = File.ReadAllText(Path.Combine(task, "comm")).Trim();
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                threads[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = (name, ticks / TicksPerSecond);
            }
            catch (IOException)
            {
                // The thread ended between listing and reading.
            }
        }

        return threads;
    }

    /// <summary>CPU seconds each thread name used between two readings; threads that started meanwhile count from zero.</summary>
    public static IReadOnlyList<(string Name, double Seconds)> Between(
        Dictionary<int, (string Name, double Seconds)> before, Dictionary<int, (string Name, double Seconds)> after) =>
        [.. after
            .Select(t => (t.Value.Name, Seconds: t.Value.Seconds - (before.TryGetValue(t.Key, out var b) ? b.Seconds : 0)))
            .GroupBy(t => t.Name)
            .Select(g => (g.Key, g.Sum(t => t.Seconds)))
            .Where(t => t.Item2 > 0)
            .OrderByDescending(t => t.Item2)];
}
