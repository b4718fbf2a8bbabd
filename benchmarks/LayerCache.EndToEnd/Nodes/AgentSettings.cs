namespace LayerCache.EndToEnd.Nodes;

/// <summary>
/// How the agents of one policy's run are configured (the same on every node). With <see cref="PeerFetch"/> each agent
/// serves its blobs to the others over the site's LAN and is its containerd's mirror.
/// </summary>
internal sealed record AgentSettings(
    string BinaryPath,
    string RedisAddress,
    long CacheBudgetBytes,
    double HighWatermarkPercent,
    double LowWatermarkPercent,
    string EvictionPolicy,
    TimeSpan PopularityHalfLife,
    string OrderKeysDirectory,
    bool PeerFetch = false);
