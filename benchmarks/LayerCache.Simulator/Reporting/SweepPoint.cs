using LayerCache.Simulator.Engine;

namespace LayerCache.Simulator.Reporting;

/// <summary>The results of every policy at one value of a swept setting.</summary>
public sealed record SweepPoint(double Value, IReadOnlyList<SimulationResult> Results);
