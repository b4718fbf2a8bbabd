namespace LayerCache.EndToEnd.Runs;

/// <summary>The simulator's prediction for one policy over the same trace, with its cost model calibrated from the run.</summary>
internal sealed record SimulatedResult(string Policy, double MeanSeconds, double P50Seconds, double P95Seconds, double P99Seconds, long RegistryBytes, long EvictedBytes = 0);
