using System.Runtime.InteropServices;

namespace LayerCache.Core.Model;

/// <summary>
/// Every node's cache plus the inverted indexes layer -> nodes and image -> nodes,
/// kept current as the nodes change, so that placement reads only the nodes that hold something.
/// </summary>
public sealed class ClusterView : INodeCacheObserver
{
    private readonly List<NodeCache> _nodes = [];
    private readonly Dictionary<string, NodeCache> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<Digest, LayerHolders> _layerHolders = [];
    private readonly Dictionary<string, List<NodeCache>> _imageHolders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _siteIds = new(StringComparer.Ordinal);

    /// <summary>Names this view to the holders it makes (<see cref="Layer.LastHolders"/>).</summary>
    private readonly object _holdersOwner = new();

    public IReadOnlyList<NodeCache> Nodes => _nodes;

    /// <summary>
    /// Whether a layer held by many nodes also keeps its holdings by node id (a byte a node), so that
    /// <see cref="Scoring.PodFit.ComputeWindow"/> reads a window of nodes without walking every holder. Off by default:
    /// a view that scores every node (the coordinator's) would only pay for it.
    /// </summary>
    public bool HoldingsByNode { get; init; }

    /// <summary>
    /// Whether the view keeps its layer -> holders index. On by default; a simulation whose policy never asks which nodes
    /// hold a layer (agnostic placement, eviction by the node's own use, no prefetch, no peers) turns it off, as keeping
    /// it current is much of what such a run does. Asking a view without it which nodes hold a layer throws.
    /// </summary>
    public bool IndexesLayerHolders { get; init; } = true;

    /// <summary>How many sites the nodes have named so far; a site keeps its id when its last node leaves.</summary>
    public int SiteCount => _siteIds.Count;

    public int LayerCount => LayerIndex.Count;

    /// <summary>The most nodes the view takes: a holding names its node by an id of 24 bits. Lower only for tests.</summary>
    internal int MaxNodes
    {
        get;
        init => field = value is > 0 and <= Holding.MaxNodeId + 1 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    } = Holding.MaxNodeId + 1;

    public NodeCache Add(NodeCache node)
    {
        if (node.Observer is not null)
        {
            throw new InvalidOperationException($"Node '{node.Name}' already belongs to a cluster view.");
        }

        // A node named by its input (a heartbeat, an inventory) past the limit is bad input, refused as such.
        if (_nodes.Count >= MaxNodes)
        {
            throw new ArgumentException($"The cluster view holds {_nodes.Count} nodes, the most it can; node '{node.Name}' is refused.", nameof(node));
        }

        if (!_byName.TryAdd(node.Name, node))
        {
            throw new InvalidOperationException($"A node named '{node.Name}' is already in the cluster view.");
        }

        node.Id = _nodes.Count;
        node.SiteId = SiteId(node.Site);
        node.Observer = this;
        _nodes.Add(node);
        Index(node);
        return node;
    }

    /// <summary>
    /// Puts <paramref name="replacement"/> in the place of the node of its name, under the same id, so that no other
    /// node is renumbered as <see cref="Remove"/> then <see cref="Add"/> would: a cache rebuilt with other settings, or
    /// one filled apart from the view (<see cref="NodeCache"/>s can be filled on many threads at once; the view only on
    /// one) and then put in the view in one step. Returns the replacement.
    /// </summary>
    public NodeCache Replace(NodeCache replacement)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        if (replacement.Observer is not null)
        {
            throw new InvalidOperationException($"Node '{replacement.Name}' already belongs to a cluster view.");
        }

        if (!_byName.TryGetValue(replacement.Name, out var current))
        {
            throw new KeyNotFoundException($"No node named '{replacement.Name}' is in the cluster view.");
        }

        var id = current.Id;
        Unindex(current);
        current.Observer = null;
        current.Id = -1;
        current.SiteId = -1;

        replacement.Id = id;
        replacement.SiteId = SiteId(replacement.Site);
        replacement.Observer = this;
        _nodes[id] = replacement;
        _byName[replacement.Name] = replacement;
        Index(replacement);
        return replacement;
    }

    public bool Remove(string name)
    {
        if (!_byName.Remove(name, out var node))
        {
            return false;
        }

        Unindex(node);
        _nodes.RemoveAt(node.Id);
        for (var i = node.Id; i < _nodes.Count; i++)
        {
            _nodes[i].Id = i;

            // The index keeps each holder's id for placement: the nodes after the removed one moved down by one.
            foreach (var layer in _nodes[i].Layers)
            {
                Refresh(layer);
            }
        }

        node.Observer = null;
        node.Id = -1;
        node.SiteId = -1;
        return true;
    }

    /// <summary>The id of the site of that name, given it now if no node named it before.</summary>
    private int SiteId(string site)
    {
        if (!_siteIds.TryGetValue(site, out var id))
        {
            id = _siteIds.Count;
            _siteIds.Add(site, id);
        }

        return id;
    }

    /// <summary>Enters every layer and image of the node, under its id, in the indexes.</summary>
    private void Index(NodeCache node)
    {
        // The node's entries walked in place: a node entered whole (every node of a full read) has hundreds of layers,
        // and a handle for each, checked on each of its three reads, is most of what entering one costs.
        if (IndexesLayerHolders)
        {
            for (var slot = 0; slot < node.EntryEnd; slot++)
            {
                ref var entry = ref node.EntryAt(slot);
                if (entry.State != LayerState.Absent)
                {
                    entry.HolderIndex = HoldersFor(entry.Layer!).Add(Holding.Of(node, entry));
                }
            }
        }

        foreach (var image in node.Images)
        {
            ImageAdded(node, image);
        }
    }

    private void Unindex(NodeCache node)
    {
        foreach (var layer in node.Layers)
        {
            LayerRemoved(node, layer);
        }

        foreach (var image in node.Images)
        {
            ImageRemoved(node, image);
        }
    }

    public bool TryGetNode(string name, out NodeCache node) => _byName.TryGetValue(name, out node!);

    /// <summary>The nodes that hold (or are fetching) the layer.</summary>
    public LayerHolderNodes HoldersOf(Digest digest) => new(LayerIndex.GetValueOrDefault(digest), _nodes);

    /// <summary>
    /// Whether a node of <paramref name="siteId"/> other than <paramref name="except"/> has the layer's content, so a
    /// node of that site can fetch it over the LAN (a layer still being fetched cannot be served yet).
    /// </summary>
    public bool SiteHolds(int siteId, Digest digest, NodeCache? except = null)
    {
        if (!LayerIndex.TryGetValue(digest, out var holders))
        {
            return false;
        }

        foreach (ref readonly var holding in holders.Holdings)
        {
            if (holding.State is LayerState.Present or LayerState.Unpacked
                && _nodes[holding.NodeId] is var node && node.SiteId == siteId && node != except)
            {
                return true;
            }
        }

        return false;
    }

    public int HolderCount(Digest digest) => LayerIndex.TryGetValue(digest, out var holders) ? holders.Count : 0;

    /// <summary>The nodes on which the whole image is recorded (as the kubelet reports images).</summary>
    public IReadOnlyList<NodeCache> NodesWithImage(string reference) =>
        _imageHolders.TryGetValue(reference, out var holders) ? holders : [];

    void INodeCacheObserver.LayerAdded(NodeCache node, CachedLayer layer) => LayerAdded(node, layer);

    void INodeCacheObserver.LayerRemoved(NodeCache node, CachedLayer layer) => LayerRemoved(node, layer);

    void INodeCacheObserver.LayerChanged(NodeCache node, CachedLayer layer) => Refresh(layer);

    void INodeCacheObserver.ImageAdded(NodeCache node, CachedImage image) => ImageAdded(node, image);

    void INodeCacheObserver.ImageRemoved(NodeCache node, CachedImage image) => ImageRemoved(node, image);

    /// <summary>The holders of a layer with each one's entry for it, in step: the hot path of placement.</summary>
    internal LayerHolders? HoldingsOf(Digest digest) => LayerIndex.GetValueOrDefault(digest);

    /// <summary>The layer -> holders index, for a reader: a view that keeps none refuses rather than answer "no holder".</summary>
    private Dictionary<Digest, LayerHolders> LayerIndex =>
        IndexesLayerHolders ? _layerHolders : throw new InvalidOperationException("This cluster view keeps no index of the nodes that hold each layer.");

    private void LayerAdded(NodeCache node, CachedLayer layer)
    {
        if (!IndexesLayerHolders)
        {
            return;
        }

        layer.HolderIndex = HoldersFor(layer.Layer).Add(Holding.Of(node, layer));
    }

    /// <summary>
    /// The layer's holders, made (with none) if no node held it. The layer remembers them: a full read enters each of a
    /// few thousand layers for thousands of nodes, and a lookup by digest for each (node, layer) pair was a large part of
    /// what the view's single writer did.
    /// </summary>
    private LayerHolders HoldersFor(Layer layer)
    {
        if (layer.LastHolders is { } remembered && remembered.IsOf(_holdersOwner))
        {
            return remembered;
        }

        ref var holders = ref CollectionsMarshal.GetValueRefOrAddDefault(_layerHolders, layer.Digest, out _);
        holders ??= new LayerHolders(HoldingsByNode, _holdersOwner);
        layer.LastHolders = holders;
        return holders;
    }

    private void LayerRemoved(NodeCache node, CachedLayer layer)
    {
        if (!IndexesLayerHolders)
        {
            return;
        }

        if (!_layerHolders.TryGetValue(layer.Digest, out var holders))
        {
            return;
        }

        holders.Remove(layer, _nodes);
        if (holders.Count == 0)
        {
            _layerHolders.Remove(layer.Digest);
            holders.Drop();
        }
    }

    /// <summary>Copies the layer's state and use on its node, and the node's id, into the layer's holdings again.</summary>
    private void Refresh(CachedLayer layer)
    {
        if (IndexesLayerHolders)
        {
            _layerHolders.GetValueOrDefault(layer.Digest)?.Refresh(layer);
        }
    }

    private void ImageAdded(NodeCache node, CachedImage image) => AddTo(_imageHolders, image.Reference, node);

    private void ImageRemoved(NodeCache node, CachedImage image) => RemoveFrom(_imageHolders, image.Reference, node);

    private static void AddTo<TKey>(Dictionary<TKey, List<NodeCache>> index, TKey key, NodeCache node)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var holders))
        {
            holders = new List<NodeCache>(4);
            index.Add(key, holders);
        }

        holders.Add(node);
    }

    private static void RemoveFrom<TKey>(Dictionary<TKey, List<NodeCache>> index, TKey key, NodeCache node)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var holders))
        {
            return;
        }

        var i = holders.IndexOf(node);
        if (i >= 0)
        {
            holders[i] = holders[^1];
            holders.RemoveAt(holders.Count - 1);
        }

        if (holders.Count == 0)
        {
            index.Remove(key);
        }
    }
}
