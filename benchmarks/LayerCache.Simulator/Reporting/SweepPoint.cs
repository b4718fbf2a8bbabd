using LayerCache.Simulator.Engine;

namespace LayerCache.Simulator.Reporting;

/// <summary>The results of every policy at one value of a swept setting, and the pooled cache's rules when asked for.</summary>
public sealed record SweepPoint(double Value, IReadOnlyList<SimulationResult> Results, IReadOnlyList<PooledBoundResult>? Pooled = null);
