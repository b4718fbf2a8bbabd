namespace LayerCache.Cluster;

/// <summary>
/// What an agent says about its node every few seconds. <see cref="Sequence"/> is the inventory sequence the agent
/// has published, so a reader notices it missed a delta even when no further delta comes. <see cref="PeerAddress"/>
/// (where the node serves its blobs to peers) and <see cref="Site"/> are absent from agents that do not serve peers.
/// </summary>
public sealed record NodeHeartbeat(
    string Node,
    long Sequence,
    long CapacityBytes,
    double HighWatermark,
    double LowWatermark,
    double BandwidthBytesPerSecond,
    string EvictionPolicy,
    DateTimeOffset At,
    string? PeerAddress = null,
    string? Site = null);
