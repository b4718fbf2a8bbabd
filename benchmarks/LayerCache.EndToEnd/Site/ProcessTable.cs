using System.Globalization;

namespace LayerCache.EndToEnd.Site;

/// <summary>
/// Finds the processes a run left behind through /proc: its marker in their environment, its directory in their
/// command line, or a root or working directory under it (a container's processes live in a rootfs there).
/// </summary>
internal static class ProcessTable
{
    /// <summary>Set on every process a run starts; containerd hands it on to its shims.</summary>
    public const string RunMarker = "LAYERCACHE_E2E_RUN";

    public static IReadOnlyList<int> Under(string directory)
    {
        var self = Environment.ProcessId;
        var pids = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && pid != self
                && !IsZombie(pid)
                && BelongsTo(pid, directory))
            {
                pids.Add(pid);
            }
        }

        return pids;
    }

    /// <summary>SIGKILLs every process under the directory until none is left or the wait runs out; returns how many it killed.</summary>
    public static async Task<int> KillUnderAsync(string directory, TimeSpan wait, CancellationToken cancellationToken)
    {
        var killed = new HashSet<int>();
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            // Scan again each round: a dying supervisor (containerd) may fork once more before it goes.
            var left = Under(directory);
            if (left.Count == 0)
            {
                return killed.Count;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Processes under {directory} survived SIGKILL for {wait.TotalSeconds:0} s: {string.Join(", ", left)}");
            }

            foreach (var pid in left)
            {
                LibC.Kill(pid, LibC.SigKill);
                killed.Add(pid);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool BelongsTo(int pid, string directory)
    {
        try
        {
            var marker = RunMarker + "=";
            foreach (var variable in File.ReadAllText($"/proc/{pid}/environ").Split('\0'))
            {
                if (variable.StartsWith(marker, StringComparison.Ordinal) && IsUnder(variable[marker.Length..], directory))
                {
                    return true;
                }
            }

            // A path below the directory, not one that merely starts with its name (".../layer" is not ".../layercache").
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains(directory.TrimEnd('/') + "/", StringComparison.Ordinal)
                || IsUnder(LinkTarget($"/proc/{pid}/root"), directory)
                || IsUnder(LinkTarget($"/proc/{pid}/cwd"), directory);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static string? LinkTarget(string path) => new FileInfo(path).LinkTarget;

    public static bool IsUnder(string? path, string directory) =>
        path is not null
        && (path == directory || path.StartsWith(directory.TrimEnd('/') + "/", StringComparison.Ordinal));
}
