namespace LayerCache.EndToEnd.Runs;

/// <summary>The simulator's prediction for one policy over the same trace, with its cost model calibrated from the run.</summary>
/// <param name="RegistryBytes">What came from the registry over the uplink (the WAN).</param>
/// <param name="PeerBytes">What came from a neighbour over the site's LAN.</param>
internal sealed record SimulatedResult(string Policy, double MeanSeconds, double P50Seconds, double P95Seconds, double P99Seconds, long RegistryBytes, long EvictedBytes = 0, long PeerBytes = 0);
