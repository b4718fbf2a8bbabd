using LayerCache.Core.Eviction;
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

    /// <summary>What the node's own eviction weighs with when it sees only itself (<see cref="ClusterSettings.NodeEvictionSeesCluster"/> false).</summary>
    public EvictionContext? LocalContext { get; set; }

    public int BusySlots { get; set; }

    /// <summary>Seconds at which each layer still in flight on this node becomes usable.</summary>
    public Dictionary<Digest, double> ReadyAt { get; } = [];

    /// <summary>When the last pull that downloads something ends.</summary>
    public double PullsBusyUntil { get; set; }

    public Queue<PrefetchOrder> PrefetchQueue { get; } = new();

    public HashSet<Digest> Queued { get; } = [];

    public Layer? Transferring { get; set; }

    /// <summary>When the prefetch transfer under way makes its layer usable; infinite while its download is on the shared link.</summary>
    public double TransferEnd { get; set; }

    /// <summary>The shared link's id of the prefetch transfer under way.</summary>
    public long TransferFlow { get; set; }

    /// <summary>Which shared link the prefetch transfer under way is on (the site's uplink or the node's LAN port).</summary>
    public int TransferLink { get; set; }

    /// <summary>Whether the prefetch transfer under way comes from a peer in the site rather than the registry.</summary>
    public bool TransferFromPeer { get; set; }

    /// <summary>Pulls on this node whose download is on the shared link.</summary>
    public int DownloadingPulls { get; set; }

    /// <summary>Whether a prefetch step event is pending for this node.</summary>
    public bool StepScheduled { get; set; }

    public long TransferringBytes => Transferring?.SizeBytes ?? 0;
}
