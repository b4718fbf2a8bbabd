namespace LayerCache.Containerd;

/// <summary>One event from containerd's event stream: its topic (e.g. <c>/images/create</c>), namespace and time.</summary>
public abstract record ContainerdEvent(string Topic, string Namespace, DateTimeOffset Timestamp);
