using System.Buffers;
using System.Diagnostics;
using LayerCache.Benchmarks.Synthetic;
using LayerCache.Coordinator;
using LayerCache.Coordinator.Hints;
using LayerCache.Coordinator.Scheduling;
using LayerCache.Coordinator.View;
using LayerCache.Core.Costs;
using LayerCache.Core.Scoring;
using LayerCache.Hosting.Health;
using LayerCache.Hosting.Metrics;
using Microsoft.Extensions.Options;

namespace LayerCache.Benchmarks.Scoring;

/// <summary>
/// The coordinator's <see cref="ClusterState"/> and <see cref="HintService"/>, built as its service collection builds
/// them, with every node of a <see cref="SyntheticCluster"/> applied as the store feed applies it (heartbeat, then
/// inventory). <see cref="Score"/> is the call <c>POST /scheduler/prioritize</c> makes, <see cref="Prioritize"/> that call,
/// the answer it writes and the metrics it records.
/// </summary>
public sealed class ScoringFixture : IDisposable
{
    public const string PodUid = "0f4c2a8e-3b1d-4e6f-9a7c-5d2e8f1b3c4a";

    private readonly ClusterState _state;
    private readonly HintService _hints;
    private readonly CoordinatorMetrics _metrics;

    public ScoringFixture(int nodes)
    {
        Cluster = SyntheticCluster.Generate(nodes);
        var options = Options.Create(new CoordinatorOptions { ServeWithoutRedis = true });
        var metrics = new CoordinatorMetrics(new MetricRegistry("coordinator", "bench"));
        _metrics = metrics;
        _state = Apply(Cluster, options, metrics);
        _hints = new HintService(_state, new LocalImageDemand(options, TimeProvider.System, metrics), options, metrics);
        References = [.. Cluster.PodImages.Select(i => i.Reference)];
        NodeNames = Cluster.NodeNames;
    }

    public SyntheticCluster Cluster { get; }

    /// <summary>A fresh <see cref="ClusterState"/> with every node of <paramref name="cluster"/> applied as the store feed applies a full read: heartbeat, then inventory.</summary>
    public static ClusterState Apply(SyntheticCluster cluster, IOptions<CoordinatorOptions> options, CoordinatorMetrics metrics)
    {
        var state = new ClusterState(options, TimeProvider.System, metrics, new Readiness());
        var now = DateTimeOffset.UtcNow;
        foreach (var node in cluster.Nodes)
        {
            state.UpsertNode(node.Name, node.CapacityBytes, 0.9, 0.8, node.BandwidthBytesPerSecond, now);
            state.ApplyInventory(node.Name, node.Snapshot);
        }

        return state;
    }

    /// <summary>The pod's image references, as its containers name them.</summary>
    public IReadOnlyList<string> References { get; }

    /// <summary>Every node, in the order a nodeCacheCapable scheduler would send them.</summary>
    public IReadOnlyList<string> NodeNames { get; }

    /// <summary>The scores prioritize computes; the caller disposes them, which hands their buffer back.</summary>
    public HintScores Score() => _hints.Score(References, NodeNames, PodUid);

    /// <summary>
    /// What prioritize answers, minus HTTP: the scores written as its HostPriorityList into <paramref name="output"/>
    /// (reused, as the response's pipe is) and disposed, and the request counted and timed in the metrics; the bytes written.
    /// </summary>
    public int Prioritize(ArrayBufferWriter<byte> output)
    {
        var started = Stopwatch.GetTimestamp();
        output.ResetWrittenCount();
        using (var scores = Score())
        {
            HostPriorityList.Write(output, NodeNames, scores);
            RecordHint(scores.Resolved, started);
        }

        return output.WrittenCount;
    }

    /// <summary>What every hint route records once per request: its count by route and outcome, and its latency.</summary>
    public void RecordHint(bool resolved, long startedTimestamp) => _metrics.RecordHint("prioritize", resolved ? "ok" : "unresolved", startedTimestamp);

    /// <summary>
    /// Core's <see cref="PodFit.Compute"/> alone on the same view, the part of <see cref="Score"/> that walks every
    /// holder of every pod layer: the median of <paramref name="calls"/> timed calls, in microseconds.
    /// </summary>
    public double MedianPodFitMicroseconds(int calls)
    {
        var o = new CoordinatorOptions();
        var cost = new BandwidthPullCostModel(o.MaxBandwidthBytesPerSecond, o.UnpackBytesPerSecond, o.LayerRequestSeconds);
        var micros = new double[calls];
        using var read = _state.Read();
        var fit = new PodFit(read.View, cost);
        for (var i = 0; i < calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            fit.Compute(Cluster.PodImages);
            micros[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        return Percentile.Median(micros);
    }

    /// <summary>(pod layer, node holding it) pairs: what PodFit visits.</summary>
    public long HolderPairs()
    {
        var podLayers = Cluster.PodImages.SelectMany(i => i.DistinctLayers).Select(l => l.Digest).ToHashSet();
        return Cluster.Nodes.Sum(n => (long)n.Snapshot.Images.SelectMany(i => i.DistinctLayers).Select(l => l.Digest).Distinct().Count(podLayers.Contains));
    }

    public void Dispose() => _state.Dispose();
}
