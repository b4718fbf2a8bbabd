using LayerCache.Core.Inventory;
using LayerCache.Core.Model;

namespace LayerCache.Agent.Inventory;

/// <summary>
/// A snapshot of containerd, every containerd name of each image in it, and the blobs the agent's lease still holds
/// although an image now references them (they are not among the snapshot's leased blobs).
/// </summary>
public sealed record RuntimeInventory(
    InventorySnapshot Snapshot, IReadOnlyDictionary<string, IReadOnlyList<string>> Names, int UnresolvedImages, IReadOnlyList<Digest> LeasedBlobsInImages);
