namespace LayerCache.Coordinator.View;

/// <summary>A copy of what the view knows about one node at one moment.</summary>
public sealed record NodeStatus(
    string Node,
    long CapacityBytes,
    double HighWatermark,
    double LowWatermark,
    double BandwidthBytesPerSecond,
    DateTimeOffset? HeartbeatAt,
    long UsedBytes,
    int Layers,
    int Images);
