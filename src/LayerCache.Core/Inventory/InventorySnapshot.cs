using LayerCache.Core.Model;

namespace LayerCache.Core.Inventory;

/// <summary>
/// What a node's runtime holds at one moment, as the agent reads it from containerd: its images with their
/// layers, the image each container uses, and the blobs kept only by the agent's lease (prefetched layers no
/// image references yet), and which of those are unpacked ahead into committed snapshots.
/// </summary>
public sealed record InventorySnapshot(
    IReadOnlyList<ContainerImage> Images,
    IReadOnlyList<string> ContainerImages,
    IReadOnlyList<Layer> LeasedBlobs)
{
    /// <summary>Leased blobs whose layer is also unpacked (a pull needs only write the image record); the rest are present only.</summary>
    public IReadOnlySet<Digest> UnpackedBlobs { get; init; } = new HashSet<Digest>();
}
