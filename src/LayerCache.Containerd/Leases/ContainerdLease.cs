namespace LayerCache.Containerd;

/// <summary>A lease: while it exists, the resources it holds survive garbage collection.</summary>
public sealed record ContainerdLease(string Id, DateTimeOffset CreatedAt, IReadOnlyDictionary<string, string> Labels);
