namespace LayerCache.Coordinator.Operators;

/// <summary>One node as <c>GET /v1/nodes</c> shows it to an operator.</summary>
/// <param name="Ready">Not stale, and the view holds its inventory up to the sequence its last heartbeat reported.</param>
/// <param name="Stale">Its last heartbeat is older than <c>Store:NodeStaleAfter</c>, or the whole view is stale.</param>
/// <param name="InventorySequence">The sequence of the inventory the view holds (0: not known).</param>
/// <param name="ReportedSequence">The sequence the node's last heartbeat reported.</param>
public sealed record NodeSummary(
    string Node,
    bool Ready,
    bool Stale,
    long CapacityBytes,
    long UsedBytes,
    double HighWatermark,
    double LowWatermark,
    int Layers,
    int Images,
    double BandwidthBytesPerSecond,
    DateTimeOffset? LastHeartbeat,
    double? HeartbeatAgeSeconds,
    long InventorySequence,
    long ReportedSequence,
    string? EvictionPolicy);
