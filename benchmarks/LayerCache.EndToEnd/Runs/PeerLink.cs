namespace LayerCache.EndToEnd.Runs;

/// <summary>
/// The site's LAN as the simulator prices a layer fetched from a neighbour: each node's port rate (--lan-mbit) and the
/// latency of one request to a peer (--sim-lan-request-ms; assumed, not measured).
/// </summary>
internal sealed record PeerLink(double BytesPerSecond, double RequestSeconds);
