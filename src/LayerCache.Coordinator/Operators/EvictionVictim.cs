namespace LayerCache.Coordinator.Operators;

/// <summary>One thing a node's eviction policy would remove, at its place in the order.</summary>
/// <param name="Kind"><c>image</c> (removed through CRI) or <c>layer</c> (a blob no image references).</param>
/// <param name="FreedBytes">What removing it frees once everything before it is gone.</param>
/// <param name="FreedBytesSoFar">What it and everything before it free together.</param>
public sealed record EvictionVictim(int Rank, string Kind, string Name, double KeepValue, long FreedBytes, long FreedBytesSoFar);
