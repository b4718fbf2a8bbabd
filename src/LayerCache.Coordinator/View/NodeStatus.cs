namespace LayerCache.Coordinator.View;

/// <summary>
/// A copy of what the view knows about one node at one moment. <see cref="InventorySequence"/> is the sequence of the
/// inventory the view holds, <see cref="ReportedSequence"/> the one the node's last heartbeat reported.
/// </summary>
public sealed record NodeStatus(
    string Node,
    long CapacityBytes,
    double HighWatermark,
    double LowWatermark,
    double BandwidthBytesPerSecond,
    DateTimeOffset? HeartbeatAt,
    long UsedBytes,
    int Layers,
    int Images,
    long InventorySequence = 0,
    long ReportedSequence = 0,
    string? EvictionPolicy = null,
    bool HasInventory = false)
{
    /// <summary>Whether the view holds the node's inventory up to the sequence its last heartbeat reported.</summary>
    public bool InventoryCurrent => HasInventory && InventorySequence >= ReportedSequence;
}
