using System.Collections;

namespace LayerCache.Core.Model;

/// <summary>The nodes that hold (or are fetching) one layer, read from the layer's holdings through the view's nodes.</summary>
public readonly struct LayerHolderNodes : IReadOnlyList<NodeCache>
{
    private readonly LayerHolders? _holders;
    private readonly List<NodeCache> _nodes;

    internal LayerHolderNodes(LayerHolders? holders, List<NodeCache> nodes)
    {
        _holders = holders;
        _nodes = nodes;
    }

    public int Count => _holders?.Count ?? 0;

    public NodeCache this[int index] =>
        _holders is not null && (uint)index < (uint)_holders.Count
            ? _nodes[_holders.Holdings[index].NodeId]
            : throw new ArgumentOutOfRangeException(nameof(index), index, $"the layer has {Count} holders");

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<NodeCache> IEnumerable<NodeCache>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public struct Enumerator : IEnumerator<NodeCache>
    {
        private readonly LayerHolderNodes _nodes;
        private int _index;

        internal Enumerator(LayerHolderNodes nodes)
        {
            _nodes = nodes;
            _index = -1;
        }

        public readonly NodeCache Current => _nodes[_index];

        readonly object IEnumerator.Current => Current;

        public bool MoveNext() => ++_index < _nodes.Count;

        public void Reset() => _index = -1;

        public readonly void Dispose()
        {
        }
    }
}
