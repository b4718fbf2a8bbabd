using LayerCache.Core.Inventory;

namespace LayerCache.Benchmarks.Synthetic;

/// <summary>One node as its agent would report it: the inventory, the cache budget and the measured bandwidth.</summary>
public sealed record SyntheticNode(string Name, InventorySnapshot Snapshot, long CapacityBytes, double BandwidthBytesPerSecond)
{
    public int DistinctLayers => Snapshot.Images.SelectMany(i => i.DistinctLayers).Select(l => l.Digest).Distinct().Count();
}
