namespace LayerCache.Core.Model;

/// <summary>
/// What one node knows of one of its layers: a handle on the node's entry for it. A node keeps its entries in one
/// array instead of an object each (a coordinator's view of 5,000 nodes holds millions), and a handle names an entry
/// by its place there. The layer it names is always readable; the rest reads the node's entry, which stays as it was
/// after the layer goes until the node reuses its place for another layer, after which reading it throws.
/// </summary>
public readonly struct CachedLayer : IEquatable<CachedLayer>
{
    private readonly NodeCache _node;
    private readonly int _slot;
    private readonly int _stamp;

    internal CachedLayer(NodeCache node, Layer layer, int slot, int stamp)
    {
        _node = node;
        Layer = layer;
        _slot = slot;
        _stamp = stamp;
    }

    public Layer Layer { get; }

    public Digest Digest => Layer.Digest;

    public long SizeBytes => Layer.SizeBytes;

    /// <summary>Disk its snapshot takes beside the blob, where the node counts it (a layer unpacked ahead of any pod); else 0.</summary>
    public long SnapshotBytes => _node.UseOf(_slot, _stamp).SnapshotBytes;

    /// <summary>What the layer takes of the node's budget: the blob and any snapshot counted.</summary>
    public long FootprintBytes => SizeBytes + SnapshotBytes;

    /// <summary><see cref="LayerState.Absent"/> once the layer has left the node.</summary>
    public LayerState State => _node.EntryOf(_slot, _stamp).State;

    public DateTimeOffset LastUsed => new(_node.EntryOf(_slot, _stamp).LastUsedTicks, TimeSpan.Zero);

    /// <summary>How many times an image containing this layer was used on the node (it stops at 2^32 - 1).</summary>
    public long UseCount
    {
        get => _node.UseCountOf(_slot, _stamp);
        internal set => _node.SetUseCount(_slot, _stamp, (uint)Math.Clamp(value, 0, uint.MaxValue));
    }

    /// <summary>How many running containers use this layer; a layer in use is never evicted.</summary>
    public int PinCount => _node.EntryOf(_slot, _stamp).PinCount;

    /// <summary>How many images on the node reference this layer; zero for a prefetched blob.</summary>
    public int ImageRefCount => _node.EntryOf(_slot, _stamp).ImageRefCount;

    /// <summary>GDSF's inflation value of the node when this layer was last used.</summary>
    public double InflationAtLastUse => _node.UseOf(_slot, _stamp).Inflation;

    public bool InUse => _node.EntryOf(_slot, _stamp).InUse;

    /// <summary>This entry's position among its layer's holders in the node's <see cref="ClusterView"/>; -1 outside one.</summary>
    internal int HolderIndex
    {
        get => _node.EntryOf(_slot, _stamp).HolderIndex;
        set => _node.EntryOf(_slot, _stamp).HolderIndex = value;
    }

    internal NodeCache Node => _node;

    public bool Equals(CachedLayer other) => ReferenceEquals(_node, other._node) && _slot == other._slot && _stamp == other._stamp;

    public override bool Equals(object? obj) => obj is CachedLayer other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_node, _slot, _stamp);

    public static bool operator ==(CachedLayer left, CachedLayer right) => left.Equals(right);

    public static bool operator !=(CachedLayer left, CachedLayer right) => !left.Equals(right);

    public override string ToString() => Layer is null ? string.Empty : $"{Digest.ToShortString()} on {_node.Name}";
}
