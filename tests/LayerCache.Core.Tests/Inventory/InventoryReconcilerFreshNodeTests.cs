using LayerCache.Core.Inventory;
using LayerCache.Core.Model;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Inventory;

/// <summary>
/// A node first seen takes its whole inventory in one pass (tables sized once, one time stamp); the same inventory
/// brought in image by image goes through the reconciler's diff against what the node already holds. Both must
/// leave the node's cache and the cluster's index the same.
/// </summary>
public sealed class InventoryReconcilerFreshNodeTests
{
    private const int Nodes = 4;

    [Fact]
    public void Apply_FreshNodes_SameCacheAndIndexAsImageByImage()
    {
        var snapshots = Snapshots(new Random(7));
        var (wholeView, wholeTime) = NewView();
        var (stepsView, stepsTime) = NewView();

        for (var n = 0; n < Nodes; n++)
        {
            var snapshot = snapshots[n];
            InventoryReconciler.Apply(wholeView.Nodes[n], snapshot);

            // One image more each time (a reference reported twice as its later report), no containers or blobs until
            // the last: every step but the first diffs against a cache that holds something.
            var images = snapshot.Images.GroupBy(i => i.Reference).Select(g => g.Last()).ToList();
            for (var count = 1; count <= images.Count; count++)
            {
                InventoryReconciler.Apply(stepsView.Nodes[n], new InventorySnapshot([.. images.Take(count)], [], []));
            }

            InventoryReconciler.Apply(stepsView.Nodes[n], snapshot);
            wholeTime.Advance(TimeSpan.FromMinutes(1));
            stepsTime.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(Describe(stepsView), Describe(wholeView));
        Assert.Contains(wholeView.Nodes, node => node.RunningContainers > 0);
        Assert.Contains(wholeView.Nodes, node => node.Layers.Any(l => l.ImageRefCount == 0));
    }

    [Fact]
    public void Apply_FreshNodesFilledApartOnManyThreads_ThenPutInTheView_SameAsFilledInIt_AndChangeAlikeAfter()
    {
        var snapshots = Snapshots(new Random(13));
        var (inView, inViewTime) = NewView();
        var (apart, apartTime) = NewView();
        var filled = new NodeCache[Nodes];
        Parallel.For(0, Nodes, n =>
        {
            var empty = apart.Nodes[n];
            filled[n] = new NodeCache(empty.Name, empty.CapacityBytes, empty.HighWatermark, empty.LowWatermark, apartTime) { Site = empty.Site };
            InventoryReconciler.Apply(filled[n], snapshots[n]);
        });

        for (var n = 0; n < Nodes; n++)
        {
            InventoryReconciler.Apply(inView.Nodes[n], snapshots[n]);
            apart.Replace(filled[n]);
        }

        Assert.Equal(Describe(inView), Describe(apart));

        // A filled node's tables are of the size filled: a layer more grows them, and a change reaches the index.
        var extra = Build.Layer(70_000, 2 * Build.MB);
        foreach (var (view, time) in new[] { (inView, inViewTime), (apart, apartTime) })
        {
            time.Advance(TimeSpan.FromMinutes(1));
            view.Nodes[1].AddLayer(extra);
            view.Nodes[2].RemoveImage(view.Nodes[2].Images.First(i => !i.InUse).Reference);
            InventoryReconciler.Apply(view.Nodes[3], snapshots[0]);
        }

        Assert.Equal(Describe(inView), Describe(apart));
        Assert.Equal([apart.Nodes[1]], apart.HoldersOf(extra.Digest));
    }

    [Fact]
    public void Apply_FreshNode_ReportsWhatItAdded()
    {
        var snapshot = Snapshots(new Random(11))[0];
        var (view, _) = NewView();

        var changes = InventoryReconciler.Apply(view.Nodes[0], snapshot);

        // A reference reported twice is held as its later report.
        var images = snapshot.Images.GroupBy(i => i.Reference).Select(g => g.Last()).ToList();
        var pins = snapshot.ContainerImages.Count(r => images.Any(i => i.Reference == r));
        var imageLayers = images.SelectMany(i => i.DistinctLayers).Select(l => l.Digest).ToHashSet();
        Assert.Equal(new InventoryChanges(images.Count, 0, snapshot.LeasedBlobs.Count(b => !imageLayers.Contains(b.Digest)), 0, pins), changes);
        Assert.Equal(images, view.Nodes[0].Images.Select(i => i.Image));
        Assert.Equal(imageLayers.Union(snapshot.LeasedBlobs.Select(b => b.Digest)).Count(), view.Nodes[0].Layers.Count);
    }

    private static (ClusterView View, ManualTimeProvider Time) NewView()
    {
        var time = new ManualTimeProvider();
        var view = new ClusterView();
        for (var n = 0; n < Nodes; n++)
        {
            view.Add(new NodeCache($"n{n}", 100 * Build.MB * 1000, 0.9, 0.8, time) { Site = n % 2 == 0 ? "east" : "west" });
        }

        return (view, time);
    }

    /// <summary>
    /// Images sharing base layers, some listing a layer twice; a reference reported twice (the later wins); containers
    /// of held images (some twice) and of a missing one; leased blobs, some an image's layer too, some unpacked.
    /// </summary>
    private static List<InventorySnapshot> Snapshots(Random random)
    {
        var bases = Enumerable.Range(1, 5).Select(i => Build.Layer(i, random.Next(1, 50) * Build.MB)).ToArray();
        var catalog = new List<ContainerImage>();
        for (var i = 0; i < 30; i++)
        {
            var own = Enumerable.Range(0, random.Next(1, 8)).Select(j => Build.Layer(1000 + (i * 10) + j, random.Next(1, 20) * Build.MB)).ToList();
            List<Layer> layers = [bases[i % bases.Length], .. own, own[0]];
            catalog.Add(new ContainerImage($"registry.example.com/app{i}:v1", layers, Build.Digest(50_000 + i)));
        }

        var snapshots = new List<InventorySnapshot>();
        for (var n = 0; n < Nodes; n++)
        {
            var held = catalog.OrderBy(_ => random.Next()).Take(12).ToList();
            held.Add(new ContainerImage(held[0].Reference, [bases[0], Build.Layer(9_000 + n, 3 * Build.MB)], Build.Digest(60_000 + n)));
            List<string> containers = [held[1].Reference, held[1].Reference, held[2].Reference, held[0].Reference, "registry.example.com/gone:v1"];
            List<Layer> leased = [Build.Layer(20_000 + n, 4 * Build.MB), Build.Layer(30_000 + n, 5 * Build.MB), held[3].DistinctLayers[^1]];
            snapshots.Add(new InventorySnapshot(held, containers, leased) { UnpackedBlobs = new HashSet<Digest> { leased[1].Digest } });
        }

        return snapshots;
    }

    /// <summary>Everything the view answers from: each node's books, its images and layers in order, and the index.</summary>
    private static List<string> Describe(ClusterView view)
    {
        var lines = new List<string>();
        foreach (var node in view.Nodes)
        {
            lines.Add($"node {node.Name} id {node.Id} site {node.SiteId} used {node.UsedBytes} pinned {node.PinnedBytes} running {node.RunningContainers}");
            lines.AddRange(node.Images.Select(i =>
                $"  image {i.Reference} {i.Image.ManifestDigest} pins {i.PinCount} uses {i.UseCount} added {i.AddedAt:O} last {i.LastUsed:O} inflation {i.InflationAtLastUse}"));
            lines.AddRange(node.Layers.Select(l =>
                $"  layer {l.Digest} {l.State} size {l.FootprintBytes} images {l.ImageRefCount} pins {l.PinCount} uses {l.UseCount} last {l.LastUsed:O} inflation {l.InflationAtLastUse}"));
        }

        foreach (var digest in view.Nodes.SelectMany(n => n.Layers).Select(l => l.Digest).Distinct().OrderBy(d => d.Value, StringComparer.Ordinal))
        {
            var holdings = view.HoldingsOf(digest)!.Holdings.ToArray();
            lines.Add($"holders {digest}: {string.Join(", ", view.HoldersOf(digest).Select(n => n.Name))} | {string.Join(", ", holdings)}");
        }

        foreach (var reference in view.Nodes.SelectMany(n => n.Images).Select(i => i.Reference).Distinct().Order(StringComparer.Ordinal))
        {
            lines.Add($"image holders {reference}: {string.Join(", ", view.NodesWithImage(reference).Select(n => n.Name))}");
        }

        return lines;
    }
}
