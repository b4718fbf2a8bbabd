using LayerCache.Core.Inventory;

namespace LayerCache.Agent.Inventory;

/// <summary>A snapshot of containerd, and every containerd name of each image in it.</summary>
public sealed record RuntimeInventory(InventorySnapshot Snapshot, IReadOnlyDictionary<string, IReadOnlyList<string>> Names, int UnresolvedImages);
