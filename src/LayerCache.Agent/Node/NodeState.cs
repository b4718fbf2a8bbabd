using LayerCache.Core.Costs;
using LayerCache.Core.Eviction;
using LayerCache.Core.Model;
using LayerCache.Core.Popularity;
using Microsoft.Extensions.Options;

namespace LayerCache.Agent.Node;

/// <summary>
/// The agent's picture of its node: Core's <see cref="NodeCache"/> (inside a one-node <see cref="ClusterView"/>
/// until the coordinator feeds the cluster), popularity, the eviction policy, and the measured bandwidth and unpack rate.
/// Every read or change of the cache happens under <see cref="Lock"/>.
/// </summary>
public sealed class NodeState
{
    /// <summary>Unpack rate assumed until the node measures its own (compressed bytes a second).</summary>
    private const double AssumedUnpackBytesPerSecond = 200e6;

    /// <summary>A registry round trip per layer, in seconds.</summary>
    private const double RequestSeconds = 0.05;

    public NodeState(IOptions<AgentOptions> options, TimeProvider time)
    {
        var o = options.Value;
        Cache = new NodeCache(o.NodeName, CacheBudget.Resolve(o), o.HighWatermarkPercent / 100, o.LowWatermarkPercent / 100, time);
        Cluster = new ClusterView();
        Cluster.Add(Cache);
        Popularity = new PopularityTracker(o.PopularityHalfLife, time);
        Policy = o.EvictionPolicy switch
        {
            EvictionPolicyKind.Lfu => new LfuEvictionPolicy(),
            EvictionPolicyKind.Gdsf => new GdsfEvictionPolicy(),
            EvictionPolicyKind.ClusterAware => new ClusterAwareEvictionPolicy(),
            _ => new LruEvictionPolicy(),
        };
        Bandwidth = new BandwidthEstimator(initialBytesPerSecond: 50e6);
        UnpackRate = new BandwidthEstimator(initialBytesPerSecond: AssumedUnpackBytesPerSecond);
    }

    public NodeCache Cache { get; }

    public ClusterView Cluster { get; }

    public PopularityTracker Popularity { get; }

    public IEvictionPolicy Policy { get; }

    public BandwidthEstimator Bandwidth { get; }

    /// <summary>
    /// How fast the node unpacks, in compressed bytes a second (the unit the pull-cost model prices a layer's unpack in),
    /// learnt from each layer the agent unpacks ahead: the diff service's apply, timed.
    /// </summary>
    public BandwidthEstimator UnpackRate { get; }

    public SemaphoreSlim Lock { get; } = new(1, 1);

    /// <summary>
    /// Names of the images this agent pulled on an order (PrefetchImage): the only images an eviction order may
    /// remove. Images pods pulled go only by the node's own policy. Kept in memory: after a restart an order can remove
    /// none of them, which errs on the side of the node.
    /// </summary>
    public HashSet<string> PrefetchedImages { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The snapshots the agent unpacked ahead and holds alone, with their bytes on disk, as of the last inventory read:
    /// the cache budget covers them beside the blobs.
    /// </summary>
    public IReadOnlyList<Unpack.HeldChain> UnpackedAhead { get; set; } = [];

    /// <summary>Bytes the cache budget is measured against: the blobs, and the snapshots unpacked ahead.</summary>
    public long UsedBytes => Cache.UsedBytes + UnpackedAhead.Sum(c => c.Bytes);

    /// <summary>Every containerd name of each image in the cache (a tag, a digest reference, the image id).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Names { get; set; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>What eviction weighs with: the node's measured bandwidth and the popularity it has seen.</summary>
    public EvictionContext EvictionContext() =>
        new(new BandwidthPullCostModel(Bandwidth.BytesPerSecond, UnpackRate.BytesPerSecond, RequestSeconds), Popularity, Cluster);
}
