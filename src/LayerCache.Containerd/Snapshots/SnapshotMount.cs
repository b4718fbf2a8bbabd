namespace LayerCache.Containerd;

/// <summary>A mount containerd hands out for an active snapshot: passed back as is to the diff service, never mounted here.</summary>
public sealed record SnapshotMount(string Type, string Source, string Target, IReadOnlyList<string> Options);
