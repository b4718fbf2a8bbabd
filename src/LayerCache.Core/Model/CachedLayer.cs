namespace LayerCache.Core.Model;

/// <summary>What one node knows of one of its layers.</summary>
public sealed class CachedLayer
{
    // Kept as UTC DateTime (8 bytes, where a DateTimeOffset takes 16): a view of 5,000 nodes holds millions of these.
    private readonly DateTime _addedAt;
    private DateTime _lastUsed;

    internal CachedLayer(Layer layer, LayerState state, DateTimeOffset now)
    {
        Layer = layer;
        State = state;
        _addedAt = now.UtcDateTime;
        _lastUsed = _addedAt;
    }

    public Layer Layer { get; }

    public Digest Digest => Layer.Digest;

    public long SizeBytes => Layer.SizeBytes;

    /// <summary>Disk its snapshot takes beside the blob, where the node counts it (a layer unpacked ahead of any pod); else 0.</summary>
    public long SnapshotBytes { get; internal set; }

    /// <summary>What the layer takes of the node's budget: the blob and any snapshot counted.</summary>
    public long FootprintBytes => SizeBytes + SnapshotBytes;

    public LayerState State
    {
        get;
        internal set
        {
            field = value;
            Holders?.Refresh(this);
        }
    }

    public DateTimeOffset AddedAt => new(_addedAt);

    public DateTimeOffset LastUsed
    {
        get => new(_lastUsed);
        internal set => _lastUsed = value.UtcDateTime;
    }

    /// <summary>How many times an image containing this layer was used on the node.</summary>
    public long UseCount { get; internal set; }

    /// <summary>How many running containers use this layer; a layer in use is never evicted.</summary>
    public int PinCount
    {
        get;
        internal set
        {
            var wasInUse = field > 0;
            field = value;
            if (wasInUse != value > 0)
            {
                Holders?.Refresh(this);
            }
        }
    }

    /// <summary>How many images on the node reference this layer; zero for a prefetched blob.</summary>
    public int ImageRefCount { get; internal set; }

    /// <summary>GDSF's inflation value of the node when this layer was last used.</summary>
    public double InflationAtLastUse { get; internal set; }

    public bool InUse => PinCount > 0;

    /// <summary>The cluster view's index entry that holds a compact copy of this layer's state, when the node is in a view.</summary>
    internal LayerHolders? Holders { get; set; }

    /// <summary>This entry's position in <see cref="Holders"/>.</summary>
    internal int HolderIndex { get; set; } = -1;
}
