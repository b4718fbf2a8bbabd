using System.Diagnostics;

namespace LayerCache.Testing.Containerd;

/// <summary>Unmounts whatever containerd left mounted under a directory (deepest first), so the directory can be deleted.</summary>
internal static class MountCleanup
{
    public static void UnmountUnder(string directory)
    {
        var prefix = directory.TrimEnd('/') + "/";
        var mountPoints = File.ReadAllLines("/proc/self/mountinfo")
            .Select(line => line.Split(' '))
            .Where(fields => fields.Length > 4)
            .Select(fields => fields[4].Replace("\\040", " ", StringComparison.Ordinal))
            .Where(mountPoint => mountPoint.StartsWith(prefix, StringComparison.Ordinal))
            .OrderByDescending(mountPoint => mountPoint.Length)
            .ToList();
        foreach (var mountPoint in mountPoints)
        {
            using var umount = Process.Start(new ProcessStartInfo("umount", ["-l", mountPoint]) { UseShellExecute = false });
            umount?.WaitForExit();
        }
    }
}
