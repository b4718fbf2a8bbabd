using System.Runtime.InteropServices;

namespace LayerCache.Core.Model;

/// <summary>
/// The nodes that hold one layer and a compact copy of what placement reads of each one's entry for it
/// (<see cref="Holding"/>), at the same position. The entries keep their copies current themselves, so scoring a
/// pod walks one contiguous array per layer instead of every node's objects. A holding names its node by id, so the
/// nodes themselves are read from the view's list (a list of them here would cost every (node, layer) pair 8 bytes
/// more), and an entry is found again through its node only when another is removed.
/// </summary>
internal sealed class LayerHolders
{
    /// <summary>Holders from which a layer also keeps its holdings by node id: a common layer's, walked for a window of nodes.</summary>
    public const int ByNodeFromHolders = 64;

    private readonly List<Holding> _holdings = new(4);

    /// <summary>Each node's holding, by node id, as <see cref="Holding.Code"/> (0: not held); null until the layer is common.</summary>
    private byte[]? _byNode;

    /// <summary>Whether the layer keeps its holdings by node id once it is common (a view that scores windows of nodes).</summary>
    private readonly bool _keepsByNode;

    /// <summary>What names the view these holders belong to: an object of the view's own, so that a layer remembering them keeps no view alive.</summary>
    private readonly object _owner;

    /// <summary>Whether the view has dropped these holders (no node held the layer): a layer remembering them looks its holders up again.</summary>
    private bool _dropped;

    public LayerHolders(bool keepsByNode, object owner)
    {
        _keepsByNode = keepsByNode;
        _owner = owner;
    }

    /// <summary>Whether these are the holders the view named by <paramref name="owner"/> keeps now.</summary>
    public bool IsOf(object owner) => ReferenceEquals(_owner, owner) && !_dropped;

    /// <summary>Marks the holders, none left, dropped from their view, and lets their storage go: a layer may remember them long after.</summary>
    public void Drop()
    {
        _dropped = true;
        _holdings.Clear();
        _holdings.TrimExcess();
        _byNode = null;
    }

    public int Count => _holdings.Count;

    /// <summary>The holdings in order; valid until the next change of this layer's holders.</summary>
    public ReadOnlySpan<Holding> Holdings => CollectionsMarshal.AsSpan(_holdings);

    /// <summary>
    /// The holdings by node id, each as <see cref="Holding.Code"/> (0 where the node does not hold the layer, and past
    /// the end); empty while fewer than <see cref="ByNodeFromHolders"/> nodes have held it, or where the view does not keep it
    /// (<see cref="ClusterView.HoldingsByNode"/>). Valid as <see cref="Holdings"/>.
    /// </summary>
    public ReadOnlySpan<byte> ByNode => _byNode;

    /// <summary>Adds a node's holding; returns its position, which the node's entry for the layer keeps.</summary>
    public int Add(Holding holding)
    {
        var index = _holdings.Count;
        _holdings.Add(holding);
        if (_byNode is not null)
        {
            SetByNode(_holdings[^1]);
        }
        else if (_keepsByNode && _holdings.Count >= ByNodeFromHolders)
        {
            _byNode = [];
            foreach (var held in _holdings)
            {
                SetByNode(held);
            }
        }

        return index;
    }

    /// <summary>Removes the entry by swapping the last one into its place; <paramref name="nodes"/> are the view's, by id.</summary>
    public void Remove(CachedLayer layer, IReadOnlyList<NodeCache> nodes)
    {
        var i = layer.HolderIndex;
        if (i < 0 || i >= _holdings.Count || _holdings[i].NodeId != layer.Node.Id)
        {
            return;
        }

        ClearByNode(_holdings[i]);
        var last = _holdings.Count - 1;
        if (i != last)
        {
            _holdings[i] = _holdings[last];
            nodes[_holdings[i].NodeId].TryGetLayer(layer.Digest, out var movedLayer);
            movedLayer.HolderIndex = i;
        }

        _holdings.RemoveAt(last);
        layer.HolderIndex = -1;
    }

    /// <summary>Copies the entry's state, use and node id again, after any of them changed.</summary>
    public void Refresh(CachedLayer layer)
    {
        var i = layer.HolderIndex;
        if (i < 0)
        {
            return;
        }

        ClearByNode(_holdings[i]);
        _holdings[i] = Holding.Of(layer.Node, layer);
        if (_byNode is not null)
        {
            SetByNode(_holdings[i]);
        }
    }

    private void SetByNode(Holding holding)
    {
        if (holding.NodeId >= _byNode!.Length)
        {
            Array.Resize(ref _byNode, Math.Max(holding.NodeId + 1, _byNode.Length * 2));
        }

        _byNode[holding.NodeId] = holding.Code;
    }

    /// <summary>Forgets the holding by node id; a node renumbered after another left is cleared under its old id, then set under its new one.</summary>
    private void ClearByNode(Holding holding)
    {
        if (_byNode is not null && holding.NodeId >= 0 && holding.NodeId < _byNode.Length)
        {
            _byNode[holding.NodeId] = 0;
        }
    }
}

/// <summary>What placement reads of one node's entry for a layer: the node's id, the layer's state there and whether a container uses it.</summary>
/// <remarks>
/// Id, state and use share 4 bytes (the id in the upper 24 bits, <see cref="Code"/> in the lowest 8): the view holds
/// one for each (node, layer) pair.
/// </remarks>
internal readonly record struct Holding
{
    /// <summary>The highest node id a holding can name: <see cref="ClusterView"/> takes no more nodes than that.</summary>
    public const int MaxNodeId = (1 << 23) - 1;

    private readonly int _value;

    public Holding(int nodeId, LayerState state, bool inUse)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nodeId, MaxNodeId);
        ArgumentOutOfRangeException.ThrowIfLessThan(nodeId, -1);
        _value = (nodeId << 8) | (1 + ((int)state * 2) + (inUse ? 1 : 0));
    }

    public int NodeId => _value >> 8;

    public LayerState State => (LayerState)(((_value & 0xFF) - 1) >> 1);

    public bool InUse => ((_value - 1) & 1) != 0;

    public static Holding Of(NodeCache node, CachedLayer layer) => new(node.Id, layer.State, layer.InUse);

    /// <summary>The holding of the node's entry, read in place (<see cref="ClusterView"/> entering a whole node).</summary>
    public static Holding Of(NodeCache node, in LayerEntry entry) => new(node.Id, entry.State, entry.InUse);

    /// <summary>State and use in one byte, never 0: one more than twice the state, plus one where a container uses it.</summary>
    public byte Code => (byte)_value;

    /// <summary>The state and use a <see cref="Code"/> holds.</summary>
    public static (LayerState State, bool InUse) Decode(byte code) => ((LayerState)((code - 1) >> 1), ((code - 1) & 1) != 0);
}
