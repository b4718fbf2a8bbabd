namespace LayerCache.Coordinator.Operators;

/// <summary>
/// What a node's eviction policy would do, computed by Core's <c>CacheEvictor</c> with the policy the node reported.
/// </summary>
/// <param name="Policy">The policy that ranked (the one the node reported; Lru when it reported none this build knows).</param>
/// <param name="OverHighWatermark">Usage is above the high watermark: the node evicts <see cref="Now"/> at its next check.</param>
/// <param name="Now">What the node would evict now to get down to its low watermark; empty when under the high one.</param>
/// <param name="First">The first candidates in eviction order, whether or not any must go now.</param>
public sealed record EvictionPreview(
    string Policy,
    bool OverHighWatermark,
    long UsedBytes,
    long HighWatermarkBytes,
    long LowWatermarkBytes,
    IReadOnlyList<EvictionVictim> Now,
    IReadOnlyList<EvictionVictim> First);
