using LayerCache.EndToEnd.Runs;
using LayerCache.Simulator.Reporting;

namespace LayerCache.EndToEnd.Reporting;

/// <summary>One policy's measured result beside the simulator's prediction for it, and its speedup over the baseline.</summary>
internal sealed record PolicyComparison(PolicyResult Measured, SimulatedResult? Simulated, double? Speedup)
{
    /// <summary>The policy every speedup is measured against.</summary>
    public const string BaselinePolicy = "agnostic";

    public string Policy => Measured.Policy;

    /// <summary>Simulated mean over measured mean: below 1 the simulator is optimistic.</summary>
    public double? SimulatedToMeasuredMean =>
        Simulated is { } s && Measured.MeanSeconds > 0 ? s.MeanSeconds / Measured.MeanSeconds : null;

    /// <summary>Pairs each measured result, in the order given, with the prediction of the same policy name.</summary>
    public static IReadOnlyList<PolicyComparison> Pair(IReadOnlyList<PolicyResult> measured, IReadOnlyList<SimulatedResult> simulated)
    {
        ArgumentNullException.ThrowIfNull(measured);
        ArgumentNullException.ThrowIfNull(simulated);
        var baseline = measured.FirstOrDefault(r => string.Equals(r.Policy, BaselinePolicy, StringComparison.Ordinal));
        return measured
            .Select(r => new PolicyComparison(
                r,
                simulated.FirstOrDefault(s => string.Equals(s.Policy, r.Policy, StringComparison.Ordinal)),
                BaselineSpeedup.Of(r.MeanSeconds, baseline?.MeanSeconds)))
            .ToList();
    }
}
