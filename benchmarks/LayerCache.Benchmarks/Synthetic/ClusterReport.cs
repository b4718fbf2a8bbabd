using System.Globalization;
using LayerCache.Benchmarks.Synthetic;

namespace LayerCache.Benchmarks;

/// <summary>Describes a synthetic cluster in a few lines: its size and how much of the pod its nodes hold.</summary>
public static class ClusterReport
{
    public static void Write(TextWriter output, SyntheticCluster cluster)
    {
        var layers = cluster.Nodes.Select(n => (double)n.DistinctLayers).ToList();
        var images = cluster.Nodes.Select(n => (double)n.Snapshot.Images.Count).ToList();
        var podLayers = cluster.PodImages.SelectMany(i => i.DistinctLayers).Select(l => l.Digest).Distinct().Count();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Synthetic cluster (seed {SyntheticCluster.DefaultSeed}): {cluster.Nodes.Count:N0} nodes, a catalog of {cluster.Catalog.Count:N0} images drawn by Zipf popularity; distinct layers per node median {Percentile.Median(layers):N0} (min {layers.Min():N0}, max {layers.Max():N0}), images per node median {Percentile.Median(images):N0} (min {images.Min():N0}, max {images.Max():N0})."));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"The pod: {cluster.PodImages.Count} images, {podLayers} distinct layers, {cluster.PodImages.SelectMany(i => i.DistinctLayers).DistinctBy(l => l.Digest).Sum(l => l.SizeBytes) / 1e6:N0} MB."));
        output.WriteLine();
        MarkdownTable.Write(
            output,
            ["pod image", "layers", "MB", "nodes holding all its layers", "nodes holding any of its layers"],
            cluster.PodImageHolders().Select(h => (IReadOnlyList<string>)
            [
                h.Image.Reference, h.Image.DistinctLayers.Count.ToString(CultureInfo.InvariantCulture),
                (h.Image.SizeBytes / 1e6).ToString("N0", CultureInfo.InvariantCulture), h.All.ToString("P1", CultureInfo.InvariantCulture),
                h.Any.ToString("P1", CultureInfo.InvariantCulture),
            ]));
    }
}
