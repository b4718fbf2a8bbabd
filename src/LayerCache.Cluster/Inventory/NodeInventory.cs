using LayerCache.Core.Inventory;

namespace LayerCache.Cluster;

/// <summary>A node's whole inventory as Redis holds it, with the sequence of the last delta it includes.</summary>
public sealed record NodeInventory(string Node, long Sequence, InventorySnapshot Snapshot);
