using LayerCache.Core.Costs;
using LayerCache.Core.Model;

namespace LayerCache.Core.Scoring;

/// <summary>
/// What every node of a cluster already holds of one pod's images, computed once per pod from the
/// inverted index (only nodes that hold a requested layer are visited) and read by the scorers by node id.
/// One instance is reused across pods; it allocates only when the cluster grows, and each pod clears only the nodes the
/// one before it touched, so a pod costs what its layers' holdings cost, not what the cluster's size does.
/// </summary>
public sealed partial class PodFit
{
    private const int LayerStates = (int)LayerState.Unpacked + 1;

    private readonly ClusterView _cluster;
    private readonly PullCostModel _cost;
    private readonly HashSet<Digest> _seen = [];
    private readonly List<Layer> _layers = [];
    private readonly HashSet<string> _seenImages = new(StringComparer.Ordinal);
    private NodeFit[] _nodes = [];
    private double[] _siteSavedSeconds = [];
    private bool[] _siteHolds = [];
    private readonly List<int> _holdingSites = [];
    private double[] _load = [];
    private double[] _waitSeconds = [];
    private readonly List<int> _holdingNodes = [];

    /// <summary>
    /// What holding the current layer saves, by its state there. A field rather than stack memory: a method that allocates
    /// on the stack is compiled once, fully but without the profile that tiered compilation would give it.
    /// </summary>
    private readonly double[] _savedByState = new double[LayerStates];
    private IReadOnlyList<ContainerImage> _containers = [];

    public PodFit(ClusterView cluster, PullCostModel cost)
    {
        _cluster = cluster;
        _cost = cost;
    }

    public ClusterView Cluster => _cluster;

    /// <summary>One image per container of the pod, init containers included.</summary>
    public IReadOnlyList<ContainerImage> Containers => _containers;

    public int NodeCount => _cluster.Nodes.Count;

    /// <summary>Bytes of the distinct layers of all the pod's images.</summary>
    public long RequestedBytes { get; private set; }

    /// <summary>Seconds to pull the pod's layers onto an empty node.</summary>
    public double ColdSeconds { get; private set; }

    /// <summary>The distinct layers of the pod's images.</summary>
    public IReadOnlyList<Layer> DistinctLayers => _layers;

    /// <summary>
    /// The nodes that hold (or are fetching) any of the pod's layers or images, each once, in the order the index gave
    /// them: every other node scores as an empty one.
    /// </summary>
    public IReadOnlyList<int> HoldingNodes => _walkedNodes < NodeCount ? [] : _holdingNodes;

    public void Compute(IReadOnlyList<ContainerImage> containers) => Compute(containers, 0, int.MaxValue);

    /// <summary>
    /// Sums the pod's layers and images, and has the holder index walked for the <paramref name="walkedNodes"/> nodes from
    /// <paramref name="firstNode"/> on (wrapping past the last): at once for every node, and for a window when a sum of
    /// that kind is first read (so a window's sums are read before the view changes). Any other node's sums are filled
    /// from its own cache when it is first asked about.
    /// </summary>
    private void Compute(IReadOnlyList<ContainerImage> containers, int firstNode, int walkedNodes)
    {
        ArgumentNullException.ThrowIfNull(containers);
        _containers = containers;
        var n = _cluster.Nodes.Count;
        _firstWalked = n == 0 ? 0 : Math.Clamp(firstNode, 0, n - 1);
        _walkedNodes = Math.Clamp(walkedNodes, 0, n);
        var onDemand = _walkedNodes == 0;
        Reset(n);
        _seen.Clear();
        _layers.Clear();
        _images.Clear();
        RequestedBytes = 0;
        ColdSeconds = 0;

        foreach (var image in containers)
        {
            foreach (var layer in image.DistinctLayers)
            {
                if (_seen.Add(layer.Digest))
                {
                    _layers.Add(layer);
                    RequestedBytes += layer.SizeBytes;
                    ColdSeconds += _cost.LayerSeconds(layer.SizeBytes, LayerState.Absent);
                }
            }
        }

        // A window's layer sums are walked when first read (an image scorer reads them only where a node's pins leave doubt
        // that the pod fits); a walk of every node at once, as it lists the holders in the order it meets them.
        _layerHoldersPending = !onDemand && _walkedNodes < n;
        if (!onDemand && !_layerHoldersPending)
        {
            WalkLayerHolders();
        }

        _seenImages.Clear();
        foreach (var image in containers)
        {
            var holders = _cluster.NodesWithImage(image.Reference).Count;
            var scaled = n == 0 ? 0 : (long)(image.SizeBytes * ((double)holders / n));
            _images.Add(new ImageShare(image, scaled, _seenImages.Add(image.Reference)));
        }

        // Only the image scorers read the images' sums: their holders are walked when first asked for.
        _imageHoldersPending = !onDemand;
    }

    /// <summary>Adds to each walked node what it holds of the pod's layers, from the holder index, layer by layer.</summary>
    private void WalkLayerHolders()
    {
        _layerHoldersPending = false;
        var pricesSites = _cost.PricesSites;
        var saved = _savedByState;
        foreach (var layer in _layers)
        {
            if (_cluster.HoldingsOf(layer.Digest) is not { } holders)
            {
                continue;
            }

            // What a node saves by holding the layer depends only on the layer's state there: one sum per state.
            var cold = _cost.LayerSeconds(layer.SizeBytes, LayerState.Absent);
            for (var state = 0; state < LayerStates; state++)
            {
                saved[state] = cold - _cost.LayerSeconds(layer.SizeBytes, (LayerState)state);
            }

            if (_walkedNodes < _nodes.Length && holders.ByNode is { IsEmpty: false } byNode)
            {
                AddWindowHoldings(layer.SizeBytes, byNode, saved);
                continue;
            }

            if (!pricesSites && _walkedNodes >= _nodes.Length)
            {
                AddEveryHolding(layer.SizeBytes, holders.Holdings, saved);
                continue;
            }

            var siteSaved = pricesSites ? AddSiteSavings(layer, cold, holders) : 0;
            foreach (ref readonly var holding in holders.Holdings)
            {
                if (!IsWalked(holding.NodeId))
                {
                    continue;
                }

                // A holder whose site holds the layer already saves the LAN price; it adds what its own copy saves beyond.
                var site = pricesSites && _siteHolds[_cluster.Nodes[holding.NodeId].SiteId] ? siteSaved : 0;
                Touch(holding.NodeId).AddLayer(layer.SizeBytes, holding.InUse, Math.Max(saved[(int)holding.State], site) - site);
            }

            ClearHoldingSites();
        }
    }

    /// <summary>
    /// The walk of every node where sites are not priced: each holding counts, and a holding saves what its state saves
    /// (never less than nothing), as the general walk adds it with no site saving. This is the hint's loop at every
    /// request, over every holder of every layer of the pod.
    /// </summary>
    private void AddEveryHolding(long sizeBytes, ReadOnlySpan<Holding> holdings, ReadOnlySpan<double> saved)
    {
        foreach (ref readonly var holding in holdings)
        {
            Touch(holding.NodeId).AddLayer(sizeBytes, holding.InUse, Math.Max(saved[(int)holding.State], 0));
        }
    }

    /// <summary>
    /// Adds each walked node's share of the pod's images, once per pod and only if a scorer asks: a popular image is held by
    /// most nodes, and the layer-aware scorers never read these sums. In a walk of every node the layers were walked at
    /// once, and a node holds every layer of an image it holds, so this walk notes no node the layer walk had not:
    /// <see cref="HoldingNodes"/> keeps the layer walk's order.
    /// </summary>
    private void WalkImageHolders()
    {
        _imageHoldersPending = false;
        foreach (var share in _images)
        {
            foreach (var holder in _cluster.NodesWithImage(share.Image.Reference))
            {
                if (!IsWalked(holder.Id))
                {
                    continue;
                }

                ref var node = ref Touch(holder.Id);
                node.ImageLocalitySum += share.ScaledBytes;
                if (share.FirstOfItsName)
                {
                    node.PresentImageBytes += share.Image.SizeBytes;
                }
            }
        }
    }

    /// <summary>Requested bytes already on the node (held or being fetched).</summary>
    public long PresentBytes(int node) => LayerFit(node).PresentBytes;

    public long MissingBytes(int node) => RequestedBytes - LayerFit(node).PresentBytes;

    /// <summary>Estimated seconds to make the pod's layers usable on the node (from its site's peers where the cost prices sites).</summary>
    public double MissingSeconds(int node) =>
        ColdSeconds - LayerFit(node).SavedSeconds - (_cost.PricesSites ? _siteSavedSeconds[_cluster.Nodes[node].SiteId] : 0);

    /// <summary>Kubernetes' sum of image sizes scaled by spread, over the pod's containers.</summary>
    public long ImageLocalitySum(int node) => ImageFit(node).ImageLocalitySum;

    /// <summary>Bytes of the pod's distinct images recorded whole on the node.</summary>
    public long PresentImageBytes(int node) => ImageFit(node).PresentImageBytes;

    /// <summary>The node's load from 0 (idle) to 1 (full), as the caller set it; 0 when unset.</summary>
    public double Load(int node) => node < _load.Length ? _load[node] : 0;

    public void SetLoad(int node, double load) => Set(ref _load, node, Math.Clamp(load, 0, 1));

    /// <summary>Seconds a download on the node must wait for its link (a transfer under way), as the caller set it.</summary>
    public double WaitSeconds(int node) => node < _waitSeconds.Length ? _waitSeconds[node] : 0;

    public void SetWaitSeconds(int node, double seconds) => Set(ref _waitSeconds, node, Math.Max(seconds, 0));

    /// <summary>
    /// Whether the pod's layers fit on the node once every layer not in use is evicted;
    /// <paramref name="reservedBytes"/> are held by something that cannot be evicted either (a transfer under way).
    /// </summary>
    public bool CanFit(int node, long reservedBytes = 0)
    {
        var cache = _cluster.Nodes[node];
        var needed = cache.PinnedBytes + reservedBytes + RequestedBytes;

        // What the node's pins already hold of the pod only lowers the need: without it, the pod may fit already.
        return needed <= cache.CapacityBytes || needed - LayerFit(node).PresentPinnedBytes <= cache.CapacityBytes;
    }

    /// <summary>
    /// Marks the sites with a node that can serve the layer and credits each with what fetching it over the LAN saves;
    /// returns that saving.
    /// </summary>
    private double AddSiteSavings(Layer layer, double cold, LayerHolders holders)
    {
        var saved = cold - _cost.LayerSeconds(layer.SizeBytes, LayerState.Absent, heldInSite: true);
        foreach (ref readonly var holding in holders.Holdings)
        {
            var site = _cluster.Nodes[holding.NodeId].SiteId;
            if (holding.State is LayerState.Present or LayerState.Unpacked && !_siteHolds[site])
            {
                _siteHolds[site] = true;
                _holdingSites.Add(site);
                _siteSavedSeconds[site] += saved;
            }
        }

        return saved;
    }

    private void ClearHoldingSites()
    {
        foreach (var site in _holdingSites)
        {
            _siteHolds[site] = false;
        }

        _holdingSites.Clear();
    }

    /// <summary>The node's sums, noting it among the pod's holders the first time.</summary>
    private ref NodeFit Touch(int id)
    {
        ref var node = ref _nodes[id];
        if (!node.Holds)
        {
            node.Holds = true;
            _holdingNodes.Add(id);
        }

        return ref node;
    }

    private void Set(ref double[] values, int node, double value)
    {
        if (values.Length < NodeCount)
        {
            Array.Resize(ref values, NodeCount);
        }

        values[node] = value;
    }

    private void Reset(int n)
    {
        if (_cost.PricesSites)
        {
            var sites = _cluster.SiteCount;
            if (_siteSavedSeconds.Length != sites)
            {
                _siteSavedSeconds = new double[sites];
                _siteHolds = new bool[sites];
            }
            else
            {
                Array.Clear(_siteSavedSeconds);
            }
        }

        if (_nodes.Length != n)
        {
            _nodes = new NodeFit[n];
            _holdingNodes.Clear();
            return;
        }

        // Only the last pod's holders were written to.
        foreach (var id in _holdingNodes)
        {
            _nodes[id] = default;
        }

        _holdingNodes.Clear();
    }

    /// <summary>One node's sums for the pod, side by side so that a holding touches one cache line.</summary>
    private struct NodeFit
    {
        public long PresentBytes;
        public long PresentPinnedBytes;
        public double SavedSeconds;
        public long ImageLocalitySum;
        public long PresentImageBytes;
        public bool Holds;

        /// <summary>What holding one of the pod's layers adds: its bytes, pinned or not, and the seconds it saves.</summary>
        public void AddLayer(long sizeBytes, bool inUse, double savedSeconds)
        {
            PresentBytes += sizeBytes;
            if (inUse)
            {
                PresentPinnedBytes += sizeBytes;
            }

            SavedSeconds += savedSeconds;
        }
    }
}
