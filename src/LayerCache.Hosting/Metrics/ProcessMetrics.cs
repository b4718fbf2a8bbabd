using System.Diagnostics;
using System.Globalization;

namespace LayerCache.Hosting.Metrics;

/// <summary>
/// The process metrics Prometheus' client libraries export under the same names (CPU, memory, start time, file
/// descriptors), read from /proc where Linux has it.
/// </summary>
internal static class ProcessMetrics
{
    public static void Register(MetricRegistry registry)
    {
        var startedUnixSeconds = Process.GetCurrentProcess().StartTime.ToUniversalTime().Subtract(DateTime.UnixEpoch).TotalSeconds;
        registry.ObservedCounter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", () => Environment.CpuUsage.TotalTime.TotalSeconds);
        registry.ObservedGauge("process_resident_memory_bytes", "Resident memory size in bytes.", () => StatmPages(1) * Environment.SystemPageSize ?? Environment.WorkingSet);
        registry.ObservedGauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", () => StatmPages(0) * Environment.SystemPageSize ?? double.NaN);
        registry.ObservedGauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", () => startedUnixSeconds);
        registry.ObservedGauge("process_open_fds", "Number of open file descriptors.", OpenFileDescriptors);
        registry.ObservedGauge("process_max_fds", "Maximum number of open file descriptors.", MaxFileDescriptors);
    }

    /// <summary>A field of /proc/self/statm, in pages: 0 the virtual size, 1 the resident set.</summary>
    private static double? StatmPages(int field)
    {
        var text = ReadProc("/proc/self/statm");
        var fields = text?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields is { Length: > 1 } && long.TryParse(fields[field], NumberStyles.None, CultureInfo.InvariantCulture, out var pages) ? pages : null;
    }

    private static double OpenFileDescriptors()
    {
        try
        {
            return Directory.EnumerateFileSystemEntries("/proc/self/fd").Count();
        }
        catch (IOException)
        {
            return double.NaN;
        }
        catch (UnauthorizedAccessException)
        {
            return double.NaN;
        }
    }

    private static double MaxFileDescriptors()
    {
        // "Max open files            1048576              1048576              files"
        var line = ReadProc("/proc/self/limits")?.Split('\n').FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var soft = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var max) ? max : double.NaN;
    }

    private static string? ReadProc(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
