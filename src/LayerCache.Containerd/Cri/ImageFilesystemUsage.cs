namespace LayerCache.Containerd;

/// <summary>Bytes and inodes the images take on one filesystem, as the CRI reports them to the kubelet's image GC.</summary>
public sealed record ImageFilesystemUsage(string Mountpoint, long UsedBytes, long InodesUsed);
