using LayerCache.Simulator.Engine;

namespace LayerCache.Simulator.Reporting;

/// <summary>How many times faster a policy starts pods than the baseline policy of the same run, on mean start-up time.</summary>
internal static class BaselineSpeedup
{
    public static SimulationResult? FindBaseline(IReadOnlyList<SimulationResult> results, string baselinePolicy) =>
        results.FirstOrDefault(r => string.Equals(r.Policy, baselinePolicy, StringComparison.Ordinal));

    /// <summary>Baseline mean over this mean; null when there is no baseline or a mean is not positive.</summary>
    public static double? Of(SimulationResult result, SimulationResult? baseline) => Of(result.MeanSeconds, baseline?.MeanSeconds);

    /// <summary>Baseline mean over <paramref name="meanSeconds"/>; null without a baseline or when a mean is not positive.</summary>
    public static double? Of(double meanSeconds, double? baselineMeanSeconds) =>
        baselineMeanSeconds is > 0 && meanSeconds > 0 ? baselineMeanSeconds / meanSeconds : null;
}
