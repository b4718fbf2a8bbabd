using LayerCache.Simulator.Engine;

namespace LayerCache.Simulator.Reporting;

/// <summary>How many times faster a policy starts pods than the baseline policy of the same run, on mean start-up time.</summary>
internal static class BaselineSpeedup
{
    public static SimulationResult? FindBaseline(IReadOnlyList<SimulationResult> results, string baselinePolicy) =>
        results.FirstOrDefault(r => string.Equals(r.Policy, baselinePolicy, StringComparison.Ordinal));

    /// <summary>Baseline mean over this mean; null when there is no baseline or a mean is not positive.</summary>
    public static double? Of(SimulationResult result, SimulationResult? baseline) =>
        baseline is { MeanSeconds: > 0 } && result.MeanSeconds > 0 ? baseline.MeanSeconds / result.MeanSeconds : null;
}
