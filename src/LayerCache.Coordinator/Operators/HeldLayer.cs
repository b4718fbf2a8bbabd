namespace LayerCache.Coordinator.Operators;

/// <summary>A layer a node holds, with the keep value its eviction policy would give it alone (higher stays longer).</summary>
/// <param name="State">Fetching, Present (blob in the content store) or Unpacked.</param>
/// <param name="Images">How many of the node's images reference it; 0 for a prefetched blob.</param>
public sealed record HeldLayer(
    string Digest,
    long SizeBytes,
    string State,
    bool InUse,
    int Images,
    long UseCount,
    DateTimeOffset LastUsed,
    double KeepValue);
