using LayerCache.Core.Costs;
using LayerCache.Core.Model;
using LayerCache.Core.Scoring;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Scoring;

/// <summary>
/// A reused PodFit clears only the nodes its last pod touched; after many pods, with the cluster changing between them,
/// it must read exactly as a fresh PodFit that computed only the current pod, whether it walked the holder index or
/// filled each node from its cache on demand.
/// </summary>
public sealed class PodFitResetTests
{
    private const long MB = Build.MB;

    public static TheoryData<int, bool, bool> Seeds() => new()
    {
        { 1, false, false }, { 2, false, false }, { 3, true, false }, { 4, true, false },
        { 5, false, true }, { 6, false, true }, { 7, true, true },
    };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Compute_ReusedAcrossPods_ReadsAsAFreshPodFit(int seed, bool pricesSites, bool onDemand)
    {
        var random = new Random(seed);
        var time = new ManualTimeProvider();
        PullCostModel cost = pricesSites
            ? new SitePullCostModel(new BandwidthPullCostModel(10 * MB, 50 * MB, 0.1), new BandwidthPullCostModel(100 * MB, 50 * MB, 0.01))
            : new BandwidthPullCostModel(20 * MB, 100 * MB, 0.05);
        var layers = Enumerable.Range(1, 40).Select(i => Build.Layer(i, random.Next(1, 50) * MB)).ToArray();
        var images = Enumerable.Range(0, 15)
            .Select(i => Build.Image($"img{i}", [.. layers.OrderBy(_ => random.Next()).Take(random.Next(1, 6))]))
            .ToArray();
        var cluster = new ClusterView();
        for (var n = 0; n < 16; n++)
        {
            cluster.Add(new NodeCache($"n{n}", 200 * MB, 0.9, 0.7, time) { Site = $"site-{n % 4}" });
        }

        var reused = new PodFit(cluster, cost);
        for (var pod = 0; pod < 40; pod++)
        {
            // Some nodes gain an image (pinned or not) or lose one between pods, so the holders differ from pod to pod.
            var node = cluster.Nodes[random.Next(cluster.Nodes.Count)];
            if (random.Next(3) == 0 && node.Images.FirstOrDefault(i => !i.InUse) is { } idle)
            {
                node.RemoveImage(idle.Reference);
            }
            else
            {
                var image = images[random.Next(images.Length)];
                node.AddImage(image, (LayerState)random.Next(1, 4));
                if (random.Next(2) == 0)
                {
                    node.Pin(image.Reference);
                }
            }

            IReadOnlyList<ContainerImage> containers = [.. Enumerable.Range(0, random.Next(1, 3)).Select(_ => images[random.Next(images.Length)])];
            var fresh = new PodFit(cluster, cost);
            fresh.Compute(containers);
            if (onDemand)
            {
                reused.ComputeOnDemand(containers);

                // Asked in a scrambled order, and CanFit first, so that a node is filled by whichever question comes first.
                AssertSame(fresh, reused, [.. cluster.Nodes.Select(n => n.Id).OrderBy(_ => random.Next())]);
                continue;
            }

            reused.Compute(containers);
            AssertSame(fresh, reused, [.. cluster.Nodes.Select(n => n.Id)]);
            var holders = cluster.Nodes
                .Where(n => fresh.DistinctLayers.Any(l => n.Contains(l.Digest)) || containers.Any(c => n.HasImage(c.Reference)))
                .Select(n => n.Id);
            Assert.Equal(holders.Order(), reused.HoldingNodes.Order());
        }
    }

    private static void AssertSame(PodFit expected, PodFit actual, IReadOnlyList<int> nodes)
    {
        Assert.Equal(expected.RequestedBytes, actual.RequestedBytes);
        Assert.Equal(expected.ColdSeconds, actual.ColdSeconds);
        foreach (var id in nodes)
        {
            Assert.Equal(expected.CanFit(id, 50 * MB), actual.CanFit(id, 50 * MB));
            Assert.Equal(expected.PresentBytes(id), actual.PresentBytes(id));
            Assert.Equal(expected.MissingSeconds(id), actual.MissingSeconds(id), 9);
            Assert.Equal(expected.ImageLocalitySum(id), actual.ImageLocalitySum(id));
            Assert.Equal(expected.PresentImageBytes(id), actual.PresentImageBytes(id));
            Assert.Equal(expected.CanFit(id), actual.CanFit(id));
        }
    }
}
