namespace LayerCache.Containerd;

/// <summary>An image record was created, updated (re-pointed or relabelled) or deleted.</summary>
public sealed record ImageEvent(string Topic, string Namespace, DateTimeOffset Timestamp, ImageEventKind Kind, string Name)
    : ContainerdEvent(Topic, Namespace, Timestamp);
