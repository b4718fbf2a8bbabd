namespace LayerCache.EndToEnd.Workload;

/// <summary>Where a replay stands: pods started of all, and pods waiting for a slot.</summary>
internal readonly record struct ReplayProgress(int Started, int Total, int Waiting);
