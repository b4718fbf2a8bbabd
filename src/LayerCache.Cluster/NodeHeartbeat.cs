namespace LayerCache.Cluster;

/// <summary>
/// What an agent says about its node every few seconds. <see cref="Sequence"/> is the inventory sequence the agent
/// has published, so a reader notices it missed a delta even when no further delta comes. <see cref="PeerAddress"/>
/// (where the node serves its blobs to peers) and <see cref="Site"/> are absent from agents that do not serve peers.
/// </summary>
public sealed record NodeHeartbeat(
    string Node,
    long Sequence,
    long CapacityBytes,
    double HighWatermark,
    double LowWatermark,
    double BandwidthBytesPerSecond,
    string EvictionPolicy,
    DateTimeOffset At,
    string? PeerAddress = null,
    string? Site = null)
{
    /// <summary>
    /// Whether the next heartbeat is due at <paramref name="now"/>, the last having gone at <paramref name="last"/>.
    /// A timer may wake a millisecond or so before the clock shows the interval has passed; a loop that found the
    /// heartbeat not yet due then would publish again at once, two or three times a heartbeat, so up to 20 ms early
    /// counts as due.
    /// </summary>
    public static bool IsDue(DateTimeOffset last, DateTimeOffset now, TimeSpan interval) => now - last >= interval - TimerSlack;

    private static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(20);
}
