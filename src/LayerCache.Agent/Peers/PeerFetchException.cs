namespace LayerCache.Agent.Peers;

/// <summary>A peer did not give a blob; <see cref="Reason"/> is the metric's label (not_found, refused, size, stalled, verification, ...).</summary>
public sealed class PeerFetchException(string reason, string message) : Exception(message)
{
    public string Reason { get; } = reason;
}
