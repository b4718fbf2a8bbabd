namespace LayerCache.EndToEnd.Site;

/// <summary>What a cleanup removed, by kind.</summary>
internal sealed record LeftoverReport(int Processes, int Mounts, int Namespaces, int Links, int CgroupDirectories, int RunDirectories)
{
    public int Total => Processes + Mounts + Namespaces + Links + CgroupDirectories + RunDirectories;

    public override string ToString() =>
        Total == 0
            ? "cleanup: nothing left behind"
            : $"cleanup: removed {Processes} processes, {Mounts} mounts, {Namespaces} network namespaces, {Links} links, "
                + $"{CgroupDirectories} cgroups, {RunDirectories} run directories";
}
