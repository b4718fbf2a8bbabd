using LayerCache.Core.Inventory;
using LayerCache.Core.Model;
using LayerCache.Simulator.Engine;

namespace LayerCache.Benchmarks.Synthetic;

/// <summary>
/// A seeded, reproducible cluster: a catalog of images built on shared OS bases and language runtimes, each node
/// holding images drawn by Zipf popularity until it has about <c>layersPerNode</c> distinct layers, and a pod of three
/// images (40 distinct layers, sharing their base and runtime) placed in the catalog at popularity ranks 3, 30
/// and 300, so that some nodes hold all of an image, more hold its base, and most hold little of it. Every image has an
/// OCI manifest, as the images an agent reads from containerd do.
/// </summary>
public sealed class SyntheticCluster
{
    public const int CatalogImages = 2_000;
    public const int DefaultSeed = 20_240_514;
    private const double ZipfExponent = 1.0;
    private static readonly int[] PodRanks = [2, 29, 299];
    private static readonly double[] Bandwidths = [25e6, 50e6, 125e6, 1.25e9];

    private SyntheticCluster(IReadOnlyList<ContainerImage> catalog, IReadOnlyList<ContainerImage> podImages, IReadOnlyList<SyntheticNode> nodes)
    {
        Catalog = catalog;
        PodImages = podImages;
        Nodes = nodes;
    }

    /// <summary>Every image, most popular first.</summary>
    public IReadOnlyList<ContainerImage> Catalog { get; }

    /// <summary>The pod's images: an API and a worker on one base and runtime, and a sidecar on another base.</summary>
    public IReadOnlyList<ContainerImage> PodImages { get; }

    public IReadOnlyList<SyntheticNode> Nodes { get; }

    public IReadOnlyList<string> NodeNames => [.. Nodes.Select(n => n.Name)];

    public static SyntheticCluster Generate(int nodeCount, int layersPerNode = 500, int seed = DefaultSeed)
    {
        var random = new Random(seed);
        var layers = new LayerFactory(random);
        var bases = Enumerable.Range(0, 8).Select(_ => layers.Many(random.Next(1, 4), layers.Base)).ToArray();
        var runtimes = Enumerable.Range(0, 24).Select(_ => layers.Many(random.Next(2, 5), layers.Runtime)).ToArray();
        var catalog = new List<ContainerImage>(CatalogImages);
        for (var i = 0; i < CatalogImages - PodRanks.Length; i++)
        {
            var stack = new List<Layer>(bases[random.Next(bases.Length)]);
            if (random.NextDouble() < 0.8)
            {
                stack.AddRange(runtimes[random.Next(runtimes.Length)]);
            }

            stack.AddRange(layers.Many(random.Next(8, 17), layers.App));
            catalog.Add(SyntheticManifest.Attach(new ContainerImage($"registry.example.com/team{i % 40}/app{i}:v{1 + (i % 7)}", stack)));
        }

        var pod = PodStack(layers, bases, runtimes).Select(SyntheticManifest.Attach).ToList();
        for (var i = 0; i < pod.Count; i++)
        {
            catalog.Insert(PodRanks[i], pod[i]);
        }

        var zipf = new ZipfDistribution(catalog.Count, ZipfExponent);
        var nodes = new SyntheticNode[nodeCount];
        for (var n = 0; n < nodeCount; n++)
        {
            var target = layersPerNode + random.Next(-layersPerNode / 10, (layersPerNode / 10) + 1);
            var held = Fill(catalog, zipf, random, target);
            var snapshot = new InventorySnapshot(held, [.. held.Take(3).Select(i => i.Reference)], []);
            nodes[n] = new SyntheticNode($"node-{n:D5}", snapshot, 50L * 1024 * 1024 * 1024, Bandwidths[random.Next(Bandwidths.Length)]);
        }

        return new SyntheticCluster(catalog, pod, nodes);
    }

    /// <summary>For each pod image, the share of nodes holding all of its layers and the share holding any.</summary>
    public IEnumerable<(ContainerImage Image, double All, double Any)> PodImageHolders()
    {
        var sets = Nodes.Select(n => n.Snapshot.Images.SelectMany(i => i.DistinctLayers).Select(l => l.Digest).ToHashSet()).ToList();
        foreach (var image in PodImages)
        {
            var all = sets.Count(s => image.DistinctLayers.All(l => s.Contains(l.Digest)));
            var any = sets.Count(s => image.DistinctLayers.Any(l => s.Contains(l.Digest)));
            yield return (image, (double)all / sets.Count, (double)any / sets.Count);
        }
    }

    // 40 distinct layers: api = base (2) + runtime (3) + 9 app; worker = the same base and runtime + 10 app;
    // sidecar = another base (1) + 15 app.
    private static List<ContainerImage> PodStack(LayerFactory layers, IReadOnlyList<Layer>[] bases, IReadOnlyList<Layer>[] runtimes)
    {
        var debian = bases.First(b => b.Count == 2);
        var alpine = bases.First(b => b.Count == 1);
        var dotnet = runtimes.First(r => r.Count == 3);
        return
        [
            new ContainerImage("registry.example.com/shop/api:1.42.0", [.. debian, .. dotnet, .. layers.Many(9, layers.App)]),
            new ContainerImage("registry.example.com/shop/worker:1.42.0", [.. debian, .. dotnet, .. layers.Many(10, layers.App)]),
            new ContainerImage("registry.example.com/shop/log-shipper:0.9.3", [.. alpine, .. layers.Many(15, layers.App)]),
        ];
    }

    private static List<ContainerImage> Fill(List<ContainerImage> catalog, ZipfDistribution zipf, Random random, int targetLayers)
    {
        var held = new List<ContainerImage>();
        var taken = new HashSet<int>();
        var digests = new HashSet<Digest>();
        while (digests.Count < targetLayers && taken.Count < catalog.Count)
        {
            var rank = zipf.Sample(random);
            if (!taken.Add(rank))
            {
                continue;
            }

            held.Add(catalog[rank]);
            digests.UnionWith(catalog[rank].DistinctLayers.Select(l => l.Digest));
        }

        return held;
    }
}
