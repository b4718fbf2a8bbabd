using System.Globalization;

namespace LayerCache.EndToEnd.Site;

/// <summary>
/// The harness process that owns a run: its pid and its start time (clock ticks after boot, /proc/PID/stat
/// field 22), so a pid the kernel handed to another process is not taken for a live owner.
/// </summary>
internal sealed record RunOwner(int Pid, long StartTicks)
{
    public const string FileName = "owner";

    public static RunOwner Current()
    {
        var pid = Environment.ProcessId;
        return new RunOwner(pid, StartTicksOf(pid) ?? 0);
    }

    public bool IsAlive => StartTicksOf(Pid) == StartTicks;

    public void Write(string runPath) =>
        File.WriteAllText(Path.Combine(runPath, FileName), $"{Pid} {StartTicks}\n");

    /// <summary>The owner written in a run directory, or null when the file is missing or torn.</summary>
    public static RunOwner? Read(string runPath)
    {
        try
        {
            var parts = File.ReadAllText(Path.Combine(runPath, FileName)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts.Length == 2
                && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var pid)
                && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var ticks)
                ? new RunOwner(pid, ticks)
                : null;
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

    /// <summary>Field 22 of /proc/PID/stat, or null when the process is gone.</summary>
    public static long? StartTicksOf(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 19 && long.TryParse(fields[19], CultureInfo.InvariantCulture, out var ticks) ? ticks : null;
    }
}
