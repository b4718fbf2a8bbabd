using LayerCache.Core.Model;
using LayerCache.Core.Prefetch;

namespace LayerCache.Simulator.Engine;

/// <summary>
/// What the simulator tracks of a node beyond its cache: busy slots, when layers in flight become ready,
/// and its download link, which prefetch uses only while no pull does and which a pull waits on
/// while a prefetch transfer finishes (transfers are not pre-empted).
/// </summary>
internal sealed class NodeRuntime
{
    public NodeRuntime(NodeCache cache)
    {
        Cache = cache;
    }

    public NodeCache Cache { get; }

    public int BusySlots { get; set; }

    /// <summary>Seconds at which each layer still in flight on this node becomes usable.</summary>
    public Dictionary<Digest, double> ReadyAt { get; } = [];

    /// <summary>When the last pull that downloads something ends.</summary>
    public double PullsBusyUntil { get; set; }

    public Queue<PrefetchOrder> PrefetchQueue { get; } = new();

    public HashSet<Digest> Queued { get; } = [];

    public Layer? Transferring { get; set; }

    public double TransferEnd { get; set; }

    /// <summary>Whether a prefetch step event is pending for this node.</summary>
    public bool StepScheduled { get; set; }

    public long TransferringBytes => Transferring?.SizeBytes ?? 0;
}
