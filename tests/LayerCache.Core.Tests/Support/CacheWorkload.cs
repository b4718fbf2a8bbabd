using LayerCache.Core.Costs;
using LayerCache.Core.Eviction;
using LayerCache.Core.Model;
using LayerCache.Core.Popularity;

namespace LayerCache.Core.Tests.Support;

/// <summary>
/// A seeded random run over a small cluster: pods start (image added, used, pinned, watermarks enforced),
/// pods stop, prefetched blobs arrive (after MakeRoom), the clock moves. Each step reports what it did so that
/// property tests can check their invariant after every step. The same seed gives the same run.
/// </summary>
public sealed class CacheWorkload
{
    private readonly Random _random;
    private readonly Layer[] _pool;
    private readonly ContainerImage[] _images;
    private readonly List<(NodeCache Node, ContainerImage Image)> _running = [];

    public CacheWorkload(int seed, IEvictionPolicy policy, int nodeCount = 3)
    {
        _random = new Random(seed);
        Policy = policy;
        Popularity = new PopularityTracker(TimeSpan.FromMinutes(10), Time);
        Context = new EvictionContext(PaperPullCostModel.Instance, seed % 2 == 1 ? Popularity : null, Cluster);
        _pool = [.. Enumerable.Range(1, 40).Select(i => Build.Layer(i, _random.Next(10_000, 3_000_000)))];
        _images = [.. Enumerable.Range(1, 25).Select(NewImage)];
        for (var i = 0; i < nodeCount; i++)
        {
            var high = 0.8 + (_random.NextDouble() * 0.15);
            var low = 0.4 + (_random.NextDouble() * (high - 0.4));
            Cluster.Add(new NodeCache($"n{i}", _random.Next(6_000_000, 15_000_000), high, low, Time));
        }
    }

    public ManualTimeProvider Time { get; } = new();

    public ClusterView Cluster { get; } = new();

    public PopularityTracker Popularity { get; }

    public IEvictionPolicy Policy { get; }

    public EvictionContext Context { get; }

    public Random Random => _random;

    /// <summary>The images a running container uses, one entry a container.</summary>
    public IReadOnlyList<(NodeCache Node, ContainerImage Image)> Running => _running;

    /// <summary>One line a step: what happened and the usage it left, for comparing runs.</summary>
    public List<string> Trace { get; } = [];

    public StepOutcome Step()
    {
        var node = Cluster.Nodes[_random.Next(Cluster.Nodes.Count)];
        var roll = _random.Next(100);
        var outcome = roll switch
        {
            < 45 => StartPod(node),
            < 70 => StopPod(),
            < 88 => PrefetchBlob(node),
            _ => TickAndTouch(node),
        };
        Trace.Add($"{outcome.Kind} {outcome.Node.Name} {outcome.UsedBefore}->{outcome.Node.UsedBytes} [{string.Join(",", outcome.Victims.Select(v => v.Candidate.Name))}]");
        return outcome;
    }

    private StepOutcome StartPod(NodeCache node)
    {
        var image = _images[_random.Next(_images.Length)];
        Popularity.Record(image);
        var before = node.UsedBytes;
        if (!node.CanFit(image))
        {
            return new StepOutcome(StepKind.PodDidNotFit, node, before, before, []);
        }

        node.AddImage(image);
        node.Touch(image.Reference);
        node.Pin(image.Reference);
        _running.Add((node, image));
        var added = node.UsedBytes;
        var victims = CacheEvictor.EnforceWatermarks(node, Policy, Context);
        return new StepOutcome(StepKind.PodStarted, node, added, node.UsedBytes, victims);
    }

    private StepOutcome StopPod()
    {
        if (_running.Count == 0)
        {
            return Idle(Cluster.Nodes[0]);
        }

        var i = _random.Next(_running.Count);
        var (node, image) = _running[i];
        _running.RemoveAt(i);
        node.Unpin(image.Reference);
        return new StepOutcome(StepKind.PodStopped, node, node.UsedBytes, node.UsedBytes, []);
    }

    private StepOutcome PrefetchBlob(NodeCache node)
    {
        var layer = _pool[_random.Next(_pool.Length)];
        var before = node.UsedBytes;
        if (node.Contains(layer.Digest))
        {
            return Idle(node);
        }

        CacheEvictor.MakeRoom(node, Policy, Context, layer.SizeBytes);
        var after = node.UsedBytes;
        if (after + layer.SizeBytes > node.CapacityBytes)
        {
            return new StepOutcome(StepKind.BlobDidNotFit, node, before, after, [], layer);
        }

        node.AddLayer(layer);
        return new StepOutcome(StepKind.BlobPrefetched, node, before, after, [], layer);
    }

    private StepOutcome TickAndTouch(NodeCache node)
    {
        Time.Advance(TimeSpan.FromSeconds(_random.Next(1, 600)));
        var images = node.Images.ToList();
        if (images.Count > 0)
        {
            node.Touch(images[_random.Next(images.Count)].Reference);
        }

        return Idle(node);
    }

    private static StepOutcome Idle(NodeCache node) => new(StepKind.Idle, node, node.UsedBytes, node.UsedBytes, []);

    private ContainerImage NewImage(int n)
    {
        var layers = new List<Layer>();
        if (_random.NextDouble() < 0.7)
        {
            layers.Add(_pool[_random.Next(5)]); // a shared base
        }

        var own = _random.Next(1, 4);
        for (var i = 0; i < own; i++)
        {
            layers.Add(_pool[_random.Next(5, _pool.Length)]);
        }

        if (_random.NextDouble() < 0.1)
        {
            layers.Add(layers[0]); // images may list a layer twice
        }

        return new ContainerImage($"image{n}", layers);
    }
}
