namespace LayerCache.Containerd;

/// <summary>An event whose payload we do not read (tasks, namespaces, ...) or could not parse.</summary>
public sealed record UnknownEvent(string Topic, string Namespace, DateTimeOffset Timestamp, string TypeUrl)
    : ContainerdEvent(Topic, Namespace, Timestamp);
