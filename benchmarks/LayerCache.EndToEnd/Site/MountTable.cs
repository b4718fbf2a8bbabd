namespace LayerCache.EndToEnd.Site;

/// <summary>Mounts under a directory (overlay rootfs, shm, bind mounts a run made), from /proc/self/mountinfo.</summary>
internal static class MountTable
{
    public static IReadOnlyList<string> Under(string directory)
    {
        var mounts = new List<string>();
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            if (fields.Length > 4)
            {
                var mountPoint = Unescape(fields[4]);
                if (ProcessTable.IsUnder(mountPoint, directory))
                {
                    mounts.Add(mountPoint);
                }
            }
        }

        return mounts;
    }

    /// <summary>Unmounts deepest first, lazily when a mount is busy; returns how many it unmounted.</summary>
    public static int UnmountUnder(string directory)
    {
        var count = 0;

        // A path can be mounted over more than once; each pass takes the top of every stack.
        for (var pass = 0; pass < 8; pass++)
        {
            var mounts = Under(directory);
            if (mounts.Count == 0)
            {
                break;
            }

            foreach (var mount in mounts.OrderByDescending(m => m.Count(c => c == '/')).ThenByDescending(m => m.Length))
            {
                if (LibC.Umount2(mount, 0) == 0 || LibC.Umount2(mount, LibC.MntDetach) == 0)
                {
                    count++;
                }
            }
        }

        return count;
    }

    /// <summary>mountinfo writes space, tab, newline and backslash as octal escapes.</summary>
    private static string Unescape(string field) =>
        field.Replace("\\040", " ", StringComparison.Ordinal)
            .Replace("\\011", "\t", StringComparison.Ordinal)
            .Replace("\\012", "\n", StringComparison.Ordinal)
            .Replace("\\134", "\\", StringComparison.Ordinal);
}
