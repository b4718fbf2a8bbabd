using LayerCache.Core.Costs;
using LayerCache.Core.Model;
using LayerCache.Core.Scoring;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Scoring;

/// <summary>PodFit with a cost model that prices sites scores each node as the model prices the pod there.</summary>
public sealed class PodFitSiteTests
{
    private const long MB = Build.MB;

    private static readonly SitePullCostModel Cost = new(
        new BandwidthPullCostModel(10 * MB, 50 * MB, 0.1),
        new BandwidthPullCostModel(100 * MB, 50 * MB, 0.01));

    [Fact]
    public void MissingSeconds_LayerOnANeighbour_IsTheLanPrice()
    {
        var time = new ManualTimeProvider();
        var layer = Build.Layer(1, 100 * MB);
        var cluster = new ClusterView();
        cluster.Add(new NodeCache("a0", 1000 * MB, 0.9, 0.7, time) { Site = "edge-a" }).AddLayer(layer, LayerState.Unpacked);
        cluster.Add(new NodeCache("a1", 1000 * MB, 0.9, 0.7, time) { Site = "edge-a" });
        cluster.Add(new NodeCache("b0", 1000 * MB, 0.9, 0.7, time) { Site = "edge-b" });
        var fit = new PodFit(cluster, Cost);

        fit.Compute([Build.Image("app", layer)]);

        Assert.Equal(12.1, fit.ColdSeconds, 9);
        Assert.Equal([0, 3.01, 12.1], Enumerable.Range(0, 3).Select(n => Math.Round(fit.MissingSeconds(n), 9)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void MissingSeconds_RandomSites_EqualsTheModelsPriceOfEachNode(int seed)
    {
        var random = new Random(seed);
        var time = new ManualTimeProvider();
        var layers = Enumerable.Range(1, 20).Select(i => Build.Layer(i, random.Next(1, 50) * MB)).ToArray();
        var images = Enumerable.Range(0, 8)
            .Select(i => Build.Image($"img{i}", [.. layers.OrderBy(_ => random.Next()).Take(random.Next(1, 6))]))
            .ToArray();
        var cluster = new ClusterView();
        for (var n = 0; n < 9; n++)
        {
            var node = cluster.Add(new NodeCache($"n{n}", 10_000 * MB, 0.9, 0.7, time) { Site = $"site-{random.Next(3)}" });
            foreach (var layer in layers.Where(_ => random.Next(4) == 0))
            {
                node.AddLayer(layer, (LayerState)random.Next(1, 4));
            }
        }

        var fit = new PodFit(cluster, Cost);
        foreach (var pod in images.Select(i => (IReadOnlyList<ContainerImage>)[i]).Append(images))
        {
            fit.Compute(pod);
            var whole = new ContainerImage("pod", [.. pod.SelectMany(i => i.DistinctLayers).DistinctBy(l => l.Digest)]);
            foreach (var node in cluster.Nodes)
            {
                Assert.Equal(Cost.ImageSeconds(whole, node, cluster), fit.MissingSeconds(node.Id), 9);
            }
        }
    }
}
