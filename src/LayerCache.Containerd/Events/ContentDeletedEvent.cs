using LayerCache.Core.Model;

namespace LayerCache.Containerd;

/// <summary>
/// A blob was deleted through the content API. Garbage collection removes blobs without this event,
/// which is why the agent also resyncs periodically.
/// </summary>
public sealed record ContentDeletedEvent(string Topic, string Namespace, DateTimeOffset Timestamp, Digest Digest)
    : ContainerdEvent(Topic, Namespace, Timestamp);
