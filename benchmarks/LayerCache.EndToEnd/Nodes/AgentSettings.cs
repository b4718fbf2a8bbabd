namespace LayerCache.EndToEnd.Nodes;

/// <summary>How the agents of one policy's run are configured (the same on every node).</summary>
internal sealed record AgentSettings(
    string BinaryPath,
    string RedisAddress,
    long CacheBudgetBytes,
    double HighWatermarkPercent,
    double LowWatermarkPercent,
    string EvictionPolicy,
    TimeSpan PopularityHalfLife,
    string OrderKeysDirectory);
