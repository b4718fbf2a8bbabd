namespace LayerCache.Coordinator.Operators;

/// <summary>An image a node holds, with the keep value its eviction policy gives it (higher stays longer).</summary>
public sealed record HeldImage(
    string Reference,
    string? ManifestDigest,
    long SizeBytes,
    int Layers,
    bool InUse,
    long UseCount,
    DateTimeOffset LastUsed,
    double KeepValue);
