namespace LayerCache.EndToEnd.Runs;

/// <summary>What a run measured and what the simulator predicted for it, policy by policy in run order.</summary>
internal sealed record EndToEndReport(
    IReadOnlyList<PolicyResult> Measured,
    IReadOnlyList<SimulatedResult> Simulated,
    LinkCalibration Calibration,
    IReadOnlyList<PolicyRunSettings> Runs);
