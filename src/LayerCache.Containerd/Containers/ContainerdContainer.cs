namespace LayerCache.Containerd;

/// <summary>A container's metadata: the image it was made from and the snapshot it pins.</summary>
public sealed record ContainerdContainer(
    string Id,
    string Image,
    string Snapshotter,
    string SnapshotKey,
    IReadOnlyDictionary<string, string> Labels);
