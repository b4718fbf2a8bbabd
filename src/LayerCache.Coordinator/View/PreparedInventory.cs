using LayerCache.Core.Inventory;
using LayerCache.Core.Model;

namespace LayerCache.Coordinator.View;

/// <summary>
/// A node's cache filled from a snapshot apart from the view (<see cref="ClusterState.Prepare"/>), with the empty cache
/// it was filled beside: <see cref="ClusterState.ApplyInventory(string, InventorySnapshot, long, PreparedInventory?)"/>
/// puts it in the view only if the node's cache is still that one, so a node changed in between is reconciled from the
/// snapshot instead.
/// </summary>
internal sealed record PreparedInventory(NodeCache Empty, NodeCache Filled, InventorySnapshot Snapshot);
