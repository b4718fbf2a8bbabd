using LayerCache.Core.Costs;
using LayerCache.Core.Model;
using LayerCache.Core.Scoring;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Scoring;

/// <summary>
/// PodFit reads the cluster view's compact index of who holds each layer; that index must follow every change of
/// the view: nodes added and removed (which renumbers the nodes after), layers added, removed and changing state,
/// images pinned and unpinned. Checked against a walk over every node's own cache after seeded random changes.
/// </summary>
public sealed class PodFitIndexTests
{
    private const long MB = Build.MB;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Compute_AfterRandomChanges_EqualsAWalkOverEveryNode(int seed)
    {
        var random = new Random(seed);
        var time = new ManualTimeProvider();
        var layers = RandomLayers(random);
        var images = Enumerable.Range(0, 12)
            .Select(i => Build.Image($"img{i}", [.. layers.OrderBy(_ => random.Next()).Take(random.Next(1, 6))]))
            .ToArray();
        var cluster = new ClusterView();
        var cost = new BandwidthPullCostModel(20 * MB, 100 * MB, 0.05);
        var fit = new PodFit(cluster, cost);
        var next = 0;

        for (var step = 0; step < 600; step++)
        {
            next = Change(random, cluster, layers, images, time, next, maxNodes: 12);

            if (step % 20 == 0)
            {
                AssertMatchesWalk(fit, cluster, cost, [images[random.Next(images.Length)], images[random.Next(images.Length)]]);
            }
        }

        AssertMatchesWalk(fit, cluster, cost, images);
    }

    [Theory]
    [InlineData(11, true, false)]
    [InlineData(12, true, false)]
    [InlineData(13, true, false)]
    [InlineData(14, false, false)]
    [InlineData(15, true, true)]
    [InlineData(16, false, true)]
    public void ComputeWindow_CommonLayerAfterRandomChanges_ReadsAsCompute(int seed, bool holdingsByNode, bool imageSumsFirst)
    {
        var random = new Random(seed);
        var time = new ManualTimeProvider();
        var layers = RandomLayers(random);

        // Every image is built on one base layer, so that more nodes hold it than a window spans: it is walked by node id.
        var images = Enumerable.Range(0, 12)
            .Select(i => Build.Image($"img{i}", [layers[0], .. layers[1..].OrderBy(_ => random.Next()).Take(random.Next(0, 5))]))
            .ToArray();
        var cluster = new ClusterView { HoldingsByNode = holdingsByNode };
        for (var n = 0; n < 90; n++)
        {
            // Small disks, half of them running their image: whether a pod fits turns on the bytes its pins already hold.
            var node = cluster.Add(Build.Node($"n{n}", 150 * MB, time));
            var image = images[random.Next(images.Length)];
            node.AddImage(image, (LayerState)random.Next(1, 4));
            if (n % 2 == 0)
            {
                node.Pin(image.Reference);
            }
        }

        var cost = new BandwidthPullCostModel(20 * MB, 100 * MB, 0.05);
        var window = new PodFit(cluster, cost);
        var next = 90;
        var fitByPins = 0;
        for (var step = 0; step < 600; step++)
        {
            next = Change(random, cluster, layers, images, time, next, maxNodes: 120);
            if (step % 10 == 0)
            {
                IReadOnlyList<ContainerImage> pod = [images[random.Next(images.Length)], images[random.Next(images.Length)]];
                var fresh = new PodFit(cluster, cost);
                fresh.Compute(pod);
                window.ComputeWindow(pod, random.Next(cluster.Nodes.Count), random.Next(1, 40));

                // The window walks each kind of sum when it is first read: an image scorer reads the images' first.
                foreach (var id in imageSumsFirst ? cluster.Nodes.Select(n => n.Id).OrderBy(_ => random.Next()).ToArray() : [])
                {
                    Assert.Equal(fresh.ImageLocalitySum(id), window.ImageLocalitySum(id));
                    Assert.Equal(fresh.PresentImageBytes(id), window.PresentImageBytes(id));
                }

                foreach (var id in cluster.Nodes.Select(n => n.Id).OrderBy(_ => random.Next()))
                {
                    Assert.Equal(fresh.CanFit(id, 50 * MB), window.CanFit(id, 50 * MB));
                    Assert.Equal(fresh.PresentBytes(id), window.PresentBytes(id));
                    Assert.Equal(fresh.MissingSeconds(id), window.MissingSeconds(id));
                    var node = cluster.Nodes[id];
                    fitByPins += window.CanFit(id, 50 * MB) && node.PinnedBytes + (50 * MB) + window.RequestedBytes > node.CapacityBytes ? 1 : 0;
                    Assert.Equal(fresh.ImageLocalitySum(id), window.ImageLocalitySum(id));
                    Assert.Equal(fresh.PresentImageBytes(id), window.PresentImageBytes(id));
                }
            }
        }

        Assert.Equal(holdingsByNode, !cluster.HoldingsOf(layers[0].Digest)!.ByNode.IsEmpty);
        Assert.True(fitByPins > 0, "no pod fitted a node only thanks to what the node's pins held of it");
    }

    /// <summary>30 layers of 1 to 49 MB.</summary>
    private static Layer[] RandomLayers(Random random) => [.. Enumerable.Range(1, 30).Select(i => Build.Layer(i, random.Next(1, 50) * MB))];

    /// <summary>One seeded random change of the view: a node added or removed, an image or layer added, a state changed, a pin, an eviction.</summary>
    private static int Change(Random random, ClusterView cluster, Layer[] layers, ContainerImage[] images, TimeProvider time, int next, int maxNodes)
    {
        var nodes = cluster.Nodes;
        switch (random.Next(9))
        {
            case 0 when nodes.Count < maxNodes:
                cluster.Add(Build.Node($"n{next++}", 100_000 * MB, time));
                break;
            case 1 when nodes.Count > 0:
                cluster.Remove(nodes[random.Next(nodes.Count)].Name);
                break;
            case 2 or 3 when nodes.Count > 0:
                nodes[random.Next(nodes.Count)].AddImage(images[random.Next(images.Length)], (LayerState)random.Next(1, 4));
                break;
            case 4 when nodes.Count > 0:
                var node = nodes[random.Next(nodes.Count)];
                var blob = layers[random.Next(layers.Length)];
                if (!node.Contains(blob.Digest))
                {
                    node.AddLayer(blob, (LayerState)random.Next(1, 4));
                }

                break;
            case 5 when nodes.Count > 0:
                var holder = nodes[random.Next(nodes.Count)];
                if (holder.Layers.FirstOrDefault() is { Layer: not null } some)
                {
                    holder.SetLayerState(some.Digest, (LayerState)random.Next(1, 4));
                }

                break;
            case 6 when nodes.Count > 0:
                var runner = nodes[random.Next(nodes.Count)];
                if (runner.Images.FirstOrDefault() is { } image)
                {
                    if (random.Next(2) == 0)
                    {
                        runner.Pin(image.Reference);
                    }
                    else if (image.InUse)
                    {
                        runner.Unpin(image.Reference);
                    }
                }

                break;
            case 7 when nodes.Count > 0:
                var evicting = nodes[random.Next(nodes.Count)];
                if (evicting.Images.FirstOrDefault(i => !i.InUse) is { } idle)
                {
                    evicting.RemoveImage(idle.Reference);
                }

                break;
            case 8 when nodes.Count > 0:
                var trimming = nodes[random.Next(nodes.Count)];
                if (trimming.Layers.FirstOrDefault(l => l.ImageRefCount == 0 && !l.InUse) is { Layer: not null } orphan)
                {
                    trimming.RemoveLayer(orphan.Digest);
                }

                break;
        }

        return next;
    }

    private static void AssertMatchesWalk(PodFit fit, ClusterView cluster, PullCostModel cost, IReadOnlyList<ContainerImage> pod)
    {
        fit.Compute(pod);
        var wanted = pod.SelectMany(i => i.DistinctLayers).DistinctBy(l => l.Digest).ToList();
        foreach (var node in cluster.Nodes)
        {
            long present = 0;
            double saved = 0;
            foreach (var layer in wanted)
            {
                if (node.TryGetLayer(layer.Digest, out var cached))
                {
                    present += layer.SizeBytes;
                    saved += cost.LayerSeconds(layer.SizeBytes, LayerState.Absent) - cost.LayerSeconds(layer.SizeBytes, cached.State);
                }
            }

            Assert.Equal(present, fit.PresentBytes(node.Id));
            Assert.Equal(fit.ColdSeconds - saved, fit.MissingSeconds(node.Id), 9);
        }
    }
}
