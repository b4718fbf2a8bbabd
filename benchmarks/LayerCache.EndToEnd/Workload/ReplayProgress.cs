namespace LayerCache.EndToEnd.Workload;

/// <summary>Where a replay stands: pods started of all, pods waiting for a slot, and the mean start-up so far.</summary>
internal readonly record struct ReplayProgress(int Started, int Total, int Waiting, double? MeanSecondsSoFar);
