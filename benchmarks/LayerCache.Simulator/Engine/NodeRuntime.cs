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
    /// <summary>Per layer in flight: when it is usable, and from when on the rest of that is its unpack (one lookup reads both).</summary>
    private readonly Dictionary<Digest, (double At, double UnpackFrom)> _ready = [];

    private readonly NodeWindowTable _table;
    private readonly int _id;
    private Layer? _transferring;

    public NodeRuntime(NodeCache cache, NodeWindowTable table)
    {
        Cache = cache;
        _table = table;
        _id = cache.Id;
        table.CapacityBytes[_id] = cache.CapacityBytes;
    }

    public NodeCache Cache { get; }

    /// <summary>What the node's own eviction weighs with when it sees only itself (<see cref="ClusterSettings.NodeEvictionSeesCluster"/> false).</summary>
    public EvictionContext? LocalContext { get; set; }

    public int BusySlots
    {
        get => _table.BusySlots[_id];
        set => _table.BusySlots[_id] = value;
    }

    /// <summary>The second at which the layer, still in flight on this node, becomes usable; false for a layer not in flight.</summary>
    public bool TryGetReadyAt(Digest layer, out double at)
    {
        var found = _ready.TryGetValue(layer, out var ready);
        at = ready.At;
        return found;
    }

    /// <summary>The unpack-ahead order under way (its layers are unpacking until <see cref="UnpackBusyUntil"/>).</summary>
    public Queue<UnpackOrder> UnpackQueue { get; } = new();

    /// <summary>When the node's unpack ahead under way ends.</summary>
    public double UnpackBusyUntil { get; set; }

    /// <summary>Whether an unpack-ahead step event is pending for this node.</summary>
    public bool UnpackStepScheduled { get; set; }

    /// <summary>Prefetched layers still in flight that a pull unpacks as soon as their content is here.</summary>
    public HashSet<Digest> UnpackOnArrival { get; } = [];

    /// <summary>When the last pull that downloads something ends.</summary>
    public double PullsBusyUntil { get; set; }

    public Queue<PrefetchOrder> PrefetchQueue { get; } = new();

    public HashSet<Digest> Queued { get; } = [];

    public Layer? Transferring
    {
        get => _transferring;
        set
        {
            _transferring = value;
            ReservedChanged();
        }
    }

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

    /// <summary>Its cache's pinned bytes or its transfer changed: the window table follows.</summary>
    public void ReservedChanged() => _table.ReservedBytes[_id] = Cache.PinnedBytes + TransferringBytes;

    /// <summary>The layer is usable at <paramref name="at"/>, the last part of it from <paramref name="unpackFrom"/> on being its unpack.</summary>
    public void SetReadyAt(Digest layer, double at, double unpackFrom) => _ready[layer] = (at, unpackFrom);

    /// <summary>The layer's content arrives at <paramref name="at"/> and nothing unpacks it then.</summary>
    public void SetReadyAt(Digest layer, double at) => SetReadyAt(layer, at, at);

    /// <summary>Forgets when the layer became usable, if that is at or before <paramref name="now"/>; true if it did.</summary>
    public bool ForgetReady(Digest layer, double now)
    {
        if (_ready.TryGetValue(layer, out var ready) && ready.At <= now)
        {
            _ready.Remove(layer);
            return true;
        }

        return false;
    }

    /// <summary>
    /// A pull at <paramref name="t"/> that needs the layer waits until it is usable: the time until its unpack starts is
    /// counted as <paramref name="wait"/>, the rest as <paramref name="unpack"/>.
    /// </summary>
    public void Await(Digest layer, ref double t, ref double wait, ref double unpack)
    {
        if (!_ready.TryGetValue(layer, out var ready) || ready.At <= t)
        {
            return;
        }

        var from = Math.Clamp(ready.UnpackFrom, t, ready.At);
        wait += from - t;
        unpack += ready.At - from;
        t = ready.At;
    }
}
