using System.Globalization;
using LayerCache.Core.Model;
using LayerCache.EndToEnd.Images;
using LayerCache.Simulator.Engine;

namespace LayerCache.EndToEnd.Runs;

/// <summary>
/// What a trace asks of the site whatever the policy, known before anything runs: the layers it needs, which every
/// policy has to bring over the uplink once, and its largest image, which a node's budget must hold.
/// </summary>
/// <param name="DistinctLayerBytes">The bytes of every layer some pod of the trace asks for, each counted once: the least any policy pulls.</param>
/// <param name="Largest">The trace's image with the most bytes of distinct layers.</param>
internal sealed record TraceDemand(int Pods, int DistinctImages, long DistinctLayerBytes, ContainerImage Largest)
{
    /// <param name="ranked">The images by rank, at the sizes the run publishes them.</param>
    public static TraceDemand Of(IReadOnlyList<ContainerImage> ranked, RequestTrace trace)
    {
        ArgumentOutOfRangeException.ThrowIfZero(trace.Count);
        var asked = trace.ImageRanks.Distinct().Select(rank => ranked[rank]).ToList();
        var distinctBytes = asked.SelectMany(i => i.DistinctLayers).DistinctBy(l => l.Digest).Sum(l => l.SizeBytes);
        return new TraceDemand(trace.Count, asked.Count, distinctBytes, asked.MaxBy(i => i.SizeBytes)!);
    }

    /// <summary>The images of <paramref name="corpus"/> at the sizes a run at <paramref name="sizeScale"/> publishes them.</summary>
    public static List<ContainerImage> Scaled(IEnumerable<ContainerImage> corpus, double sizeScale) =>
        [.. corpus.Select(image => new ContainerImage(
            image.Reference,
            image.Layers.Select(l => new Layer(l.Digest, LayerUploads.ScaledSize(l.SizeBytes, sizeScale), l.MediaType)).ToList(),
            image.ManifestDigest))];

    /// <summary>
    /// The least mean start-up of any policy that fetches a layer from the registry only once a pod has asked for it:
    /// each layer is first asked for by one pod, which waits at least for its bytes to cross the uplink, so the pods
    /// wait for all of them together at least <see cref="DistinctLayerBytes"/> over the uplink's bandwidth. Requests'
    /// latency, unpacking and the container's own start come on top.
    /// </summary>
    public double MeanStartFloorSeconds(double uplinkBytesPerSecond) => DistinctLayerBytes / uplinkBytesPerSecond / Pods;

    /// <exception cref="ArgumentException">A node's budget cannot hold the trace's largest image.</exception>
    public void RequireFits(long storageBytes)
    {
        if (Largest.SizeBytes > storageBytes)
        {
            throw new ArgumentException(string.Create(
                CultureInfo.InvariantCulture,
                $"--storage-mb {storageBytes / 1e6:0.#} is less than the trace's largest image, {Largest.Reference} at {Largest.SizeBytes / 1e6:F1} MB: no node could hold it (--storage-mb {Math.Ceiling(Largest.SizeBytes / 1e6):F0} or more)"));
        }
    }

    /// <summary>The line a run logs of it, with the floor at <paramref name="uplinkBytesPerSecond"/>.</summary>
    public string Describe(double uplinkBytesPerSecond) => string.Create(
        CultureInfo.InvariantCulture,
        $"the trace asks for {DistinctImages} distinct images, {DistinctLayerBytes / 1e6:F1} MB of distinct layers: no policy pulls less over the uplink, and none that pulls a layer only once a pod asks for it starts pods faster than {MeanStartFloorSeconds(uplinkBytesPerSecond):F2} s on average (those bytes at {uplinkBytesPerSecond * 8 / 1e6:F1} Mbit/s over {Pods} pods, before any request's latency, unpack or container start)");
}
