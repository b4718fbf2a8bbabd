using System.Runtime.InteropServices;

namespace LayerCache.Core.Model;

/// <summary>
/// The nodes that hold one layer and a compact copy of what placement reads of each one's entry for it
/// (<see cref="Holding"/>), at the same position. The entries keep their copies current themselves, so scoring a
/// pod walks one contiguous array per layer instead of every node's objects. An entry is found again through its node
/// only when another is removed (a third list of the entries would cost every (node, layer) pair of the view a slot).
/// </summary>
internal sealed class LayerHolders
{
    private readonly List<Holding> _holdings = new(4);

    public List<NodeCache> Nodes { get; } = new(4);

    public int Count => Nodes.Count;

    /// <summary>The holdings in order; valid until the next change of this layer's holders.</summary>
    public ReadOnlySpan<Holding> Holdings => CollectionsMarshal.AsSpan(_holdings);

    public void Add(NodeCache node, CachedLayer layer)
    {
        layer.Holders = this;
        layer.HolderIndex = Nodes.Count;
        Nodes.Add(node);
        _holdings.Add(Holding.Of(node, layer));
    }

    /// <summary>Removes the entry by swapping the last one into its place.</summary>
    public void Remove(CachedLayer layer)
    {
        var i = layer.HolderIndex;
        if (layer.Holders != this || i < 0 || i >= Nodes.Count)
        {
            return;
        }

        var last = Nodes.Count - 1;
        if (i != last)
        {
            var moved = Nodes[last];
            Nodes[i] = moved;
            _holdings[i] = _holdings[last];
            moved.TryGetLayer(layer.Digest, out var movedLayer);
            movedLayer.HolderIndex = i;
        }

        Nodes.RemoveAt(last);
        _holdings.RemoveAt(last);
        layer.Holders = null;
        layer.HolderIndex = -1;
    }

    /// <summary>Copies the entry's state, use and node id again, after any of them changed.</summary>
    public void Refresh(CachedLayer layer)
    {
        var i = layer.HolderIndex;
        _holdings[i] = Holding.Of(Nodes[i], layer);
    }
}

/// <summary>What placement reads of one node's entry for a layer: the node's id, the layer's state there and whether a container uses it.</summary>
/// <remarks>The state is kept in a byte, so that an entry takes 8 bytes rather than 12: the view holds one for each (node, layer) pair.</remarks>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct Holding
{
    private readonly byte _state;

    public Holding(int nodeId, LayerState state, bool inUse)
    {
        NodeId = nodeId;
        _state = (byte)state;
        InUse = inUse;
    }

    public int NodeId { get; }

    public LayerState State => (LayerState)_state;

    public bool InUse { get; }

    public static Holding Of(NodeCache node, CachedLayer layer) => new(node.Id, layer.State, layer.InUse);
}
