using System.Globalization;
using LayerCache.Core.Model;
using LayerCache.EndToEnd.Images;

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
        var images = ranked.Select(image => Scaled(image, options.SizeScale)).ToList();
        var calibration = options.Calibration;
        log(string.Create(CultureInfo.InvariantCulture, $"simulated only: {trace.Count} pods, {calibration}, container start {options.ContainerStartSeconds:F2} s"));

        // Every layer the trace asks for crosses the uplink at least once, whatever the policy.
        var asked = trace.ImageRanks.Select(rank => images[rank]).ToList();
        var distinctBytes = asked.SelectMany(i => i.DistinctLayers).DistinctBy(l => l.Digest).Sum(l => l.SizeBytes);
        log(string.Create(
            CultureInfo.InvariantCulture,
            $"the trace asks for {asked.DistinctBy(i => i.Reference).Count()} distinct images, {distinctBytes / 1e6:F1} MB of distinct layers: no policy pulls less over the uplink"));
        var prefetch = options.PlannerOptions;
        return EndToEndRun.Runs(options)
            .Select(r => SimulatedRun.Predict(r.Kind, options.Eviction, images, trace, settings with { ExtenderWeight = r.Weight }, calibration, options.PeerLink, options.ContainerStartSeconds, prefetch) with { Policy = r.Label })
            .ToList();
    }

    /// <summary>The corpus image with each layer at the size its forged layer has (the fill; the tar adds under 1 KB).</summary>
    private static ContainerImage Scaled(ContainerImage image, double sizeScale) => new(
        image.Reference,
        image.Layers.Select(l => new Layer(l.Digest, LayerUploads.ScaledSize(l.SizeBytes, sizeScale), l.MediaType)).ToList(),
        image.ManifestDigest);
}
