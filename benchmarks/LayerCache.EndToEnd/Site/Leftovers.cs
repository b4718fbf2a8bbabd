namespace LayerCache.EndToEnd.Site;

/// <summary>
/// Finds and removes what runs left on the host: processes, mounts, cgroups, namespaces, links and run
/// directories. A run killed half-way (SIGKILL, OOM, a lost CI runner) leaves all of them; the next run or
/// <c>layercache-e2e --cleanup</c> calls this.
/// </summary>
internal static class Leftovers
{
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(20);

    public static LeftoverScan Scan() => new(
        NamespacesNow(),
        LinksNow(),
        ProcessTable.Under(RunLock.RunsRoot),
        MountTable.Under(RunLock.RunsRoot),
        RunDirectoriesNow());

    /// <summary>
    /// Removes the runs whose owner is dead (every run when <paramref name="includeLive"/>), and the site's
    /// namespaces and links when no live run holds the lock.
    /// </summary>
    public static async Task<LeftoverReport> RemoveAsync(bool includeLive, CancellationToken cancellationToken)
    {
        using var runLock = RunLock.TryAcquire();
        return await RemoveCoreAsync(includeLive, network: runLock is not null || includeLive, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>For a new run that already holds the lock: whatever exists belongs to a dead run.</summary>
    internal static Task<LeftoverReport> RemoveStaleAsync(CancellationToken cancellationToken) =>
        RemoveCoreAsync(includeLive: false, network: true, cancellationToken);

    private static async Task<LeftoverReport> RemoveCoreAsync(bool includeLive, bool network, CancellationToken cancellationToken)
    {
        int processes = 0, mounts = 0, runs = 0;
        foreach (var run in RunDirectoriesNow())
        {
            if (includeLive || RunOwner.Read(run) is not { IsAlive: true })
            {
                processes += await ProcessTable.KillUnderAsync(run, KillWait, cancellationToken).ConfigureAwait(false);
                await ForwardingRules.RestoreAsync(run).ConfigureAwait(false);
                mounts += MountTable.UnmountUnder(run);
                RemoveDirectory(run);
                runs++;
            }
        }

        if (!network)
        {
            return new LeftoverReport(processes, mounts, 0, 0, 0, runs);
        }

        // Orphans whose run directory is already gone still carry the marker.
        processes += await ProcessTable.KillUnderAsync(RunLock.RunsRoot, KillWait, cancellationToken).ConfigureAwait(false);
        mounts += MountTable.UnmountUnder(RunLock.RunsRoot);
        var cgroups = RemoveCgroups();
        var (namespaces, links) = await RemoveNetworkAsync().ConfigureAwait(false);
        return new LeftoverReport(processes, mounts, namespaces, links, cgroups, runs);
    }

    /// <summary>Deletes every site namespace and link; never throws. Deleting a host-side veth removes its pair.</summary>
    public static async Task<(int Namespaces, int Links)> RemoveNetworkAsync()
    {
        var namespaces = 0;
        foreach (var ns in NamespacesNow())
        {
            namespaces += (await HostCommand.TryRunAsync(HostCommand.Ip, ["netns", "del", ns]).ConfigureAwait(false)).ExitCode == 0 ? 1 : 0;
        }

        var links = 0;
        foreach (var link in LinksNow())
        {
            links += (await HostCommand.TryRunAsync(HostCommand.Ip, ["link", "del", link]).ConfigureAwait(false)).ExitCode == 0 ? 1 : 0;
        }

        await ForwardingRules.RemoveRulesAsync().ConfigureAwait(false);
        RemoveRuncState();
        return (namespaces, links);
    }

    /// <summary>Unmounts and deletes a run directory; refuses to delete while anything is still mounted under it.</summary>
    public static void RemoveDirectory(string path)
    {
        if (!Directory.Exists(path))
        {
            return;
        }

        MountTable.UnmountUnder(path);

        // A recursive delete would walk into a mount left standing (a bind of / would wipe the host).
        var stillMounted = MountTable.Under(path);
        if (stillMounted.Count > 0)
        {
            throw new InvalidOperationException($"Cannot delete {path}: still mounted: {string.Join(", ", stillMounted)}");
        }

        Directory.Delete(path, recursive: true);
    }

    /// <summary>
    /// runc's state of the site's containers: its root (/run/containerd/runc/NAMESPACE) is shared by every containerd
    /// on the machine, so a container killed with its shim leaves a directory that a later container of the same id
    /// would collide with ("container with given ID already exists").
    /// </summary>
    private static void RemoveRuncState()
    {
        foreach (var ns in SafeDirectories("/run/containerd/runc"))
        {
            foreach (var container in SafeDirectories(ns))
            {
                if (Path.GetFileName(container).StartsWith(SiteNames.Prefix + "-", StringComparison.Ordinal))
                {
                    try
                    {
                        Directory.Delete(container, recursive: true);
                    }
                    catch (IOException)
                    {
                        // In use by a live container; the next cleanup tries again.
                    }
                }
            }
        }
    }

    /// <summary>containerd's cgroups for the site's sandboxes, when their processes are gone.</summary>
    private static int RemoveCgroups()
    {
        var removed = 0;
        foreach (var hierarchy in SafeDirectories("/sys/fs/cgroup"))
        {
            foreach (var cgroup in SafeDirectories(Path.Combine(hierarchy, "k8s.io")))
            {
                if (Path.GetFileName(cgroup).StartsWith(SiteNames.Prefix + "-", StringComparison.Ordinal))
                {
                    try
                    {
                        Directory.Delete(cgroup);
                        removed++;
                    }
                    catch (IOException)
                    {
                        // Still has processes or children; the next cleanup tries again.
                    }
                }
            }
        }

        return removed;
    }

    private static List<string> NamespacesNow() =>
        [.. SafeEntries("/run/netns").Select(Path.GetFileName).OfType<string>().Where(IsSiteName).Order(StringComparer.Ordinal)];

    private static List<string> LinksNow() =>
        [.. SafeEntries("/sys/class/net").Select(Path.GetFileName).OfType<string>().Where(IsSiteName).Order(StringComparer.Ordinal)];

    private static List<string> RunDirectoriesNow() =>
        [.. SafeDirectories(RunLock.RunsRoot).Where(d => Path.GetFileName(d).StartsWith("run-", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    private static bool IsSiteName(string name) => name.StartsWith(SiteNames.Prefix, StringComparison.Ordinal);

    private static IEnumerable<string> SafeEntries(string path) =>
        Directory.Exists(path) ? Directory.EnumerateFileSystemEntries(path) : [];

    private static IEnumerable<string> SafeDirectories(string path) =>
        Directory.Exists(path) ? Directory.EnumerateDirectories(path) : [];
}
