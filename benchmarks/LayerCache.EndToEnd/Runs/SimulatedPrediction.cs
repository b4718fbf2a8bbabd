using System.Globalization;

namespace LayerCache.EndToEnd.Runs;

/// <summary>
/// The simulator's side of a run, on its own: the same corpus, trace, settings and policies as the real run, with
/// the cost model taken from a calibration given on the command line instead of measured. It needs no site and no
/// root, and answers in seconds, so a run's shape can be explored before the real run measures it.
/// </summary>
internal static class SimulatedPrediction
{
    public static IReadOnlyList<SimulatedResult> Run(EndToEndOptions options, Action<string> log)
    {
        var ranked = EndToEndRun.RankedCorpus(options);
        var settings = EndToEndRun.Settings(options);
        var trace = Workload.PodTrace.Generate(ranked.Count, options.Pods, settings);
        var images = TraceDemand.Scaled(ranked, options.SizeScale);
        var demand = TraceDemand.Of(images, trace);
        demand.RequireFits(options.StorageBytes);
        var calibration = options.Calibration;
        log(string.Create(CultureInfo.InvariantCulture, $"simulated only: {trace.Count} pods, {calibration}, container start {options.ContainerStartSeconds:F2} s"));
        log(demand.Describe(calibration.BandwidthBytesPerSecond));
        var prefetch = options.PlannerOptions;
        return EndToEndRun.Runs(options)
            .Select(r => SimulatedRun.Predict(r.Kind, options.Eviction, images, trace, settings with { ExtenderWeight = r.Weight }, calibration, options.PeerLink, options.ContainerStartSeconds, prefetch) with { Policy = r.Label })
            .ToList();
    }
}
