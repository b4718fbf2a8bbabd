namespace LayerCache.Cluster;

/// <summary>Deltas read from the global stream, and the stream id to read after next time.</summary>
public sealed record DeltaBatch(IReadOnlyList<InventoryDelta> Deltas, string LastId);
