namespace LayerCache.Containerd;

/// <summary>A container was created, updated or deleted; <see cref="Image"/> is empty on delete (containerd does not send it).</summary>
public sealed record ContainerEvent(string Topic, string Namespace, DateTimeOffset Timestamp, ContainerEventKind Kind, string Id, string Image)
    : ContainerdEvent(Topic, Namespace, Timestamp);
