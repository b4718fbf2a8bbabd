using LayerCache.Core.Inventory;
using LayerCache.Agent.Unpack;
using LayerCache.Core.Model;

namespace LayerCache.Agent.Inventory;

/// <summary>
/// A snapshot of containerd, every containerd name of each image in it, and the blobs the agent's lease still holds
/// although an image now references them (they are not among the snapshot's leased blobs), and the same for the snapshots
/// the agent unpacked ahead: those it holds alone, and those an image's chain now includes.
/// </summary>
public sealed record RuntimeInventory(
    InventorySnapshot Snapshot,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Names,
    int UnresolvedImages,
    IReadOnlyList<Digest> LeasedBlobsInImages,
    IReadOnlyList<HeldChain> UnpackedAhead,
    IReadOnlyList<string> ChainsInImages);
