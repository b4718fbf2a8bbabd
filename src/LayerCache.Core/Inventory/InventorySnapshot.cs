using LayerCache.Core.Model;

namespace LayerCache.Core.Inventory;

/// <summary>
/// What a node's runtime holds at one moment, as the agent reads it from containerd: its images with their
/// layers, the image each container uses, and the blobs kept only by the agent's lease (prefetched layers no
/// image references yet).
/// </summary>
public sealed record InventorySnapshot(
    IReadOnlyList<ContainerImage> Images,
    IReadOnlyList<string> ContainerImages,
    IReadOnlyList<Layer> LeasedBlobs);
