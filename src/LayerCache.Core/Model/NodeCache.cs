namespace LayerCache.Core.Model;

/// <summary>
/// One node's layer cache: which layers and images it holds, which are in use, and its budget.
/// Usage counts every layer the node holds or is fetching. Eviction is decided elsewhere
/// (<see cref="Eviction.CacheEvictor"/>); this class only keeps the books and refuses what would break them.
/// </summary>
public sealed partial class NodeCache
{
    private readonly Dictionary<string, CachedImage> _images = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public NodeCache(string name, long capacityBytes, double highWatermark, double lowWatermark, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegative(capacityBytes);
        if (lowWatermark is < 0 or > 1 || highWatermark is < 0 or > 1 || lowWatermark > highWatermark)
        {
            throw new ArgumentOutOfRangeException(
                nameof(lowWatermark),
                $"watermarks must satisfy 0 <= low <= high <= 1; got low {lowWatermark}, high {highWatermark}");
        }

        Name = name;
        CapacityBytes = capacityBytes;
        HighWatermark = highWatermark;
        LowWatermark = lowWatermark;
        _time = time;
    }

    public string Name { get; }

    /// <summary>
    /// The edge site the node is in: nodes of one site reach each other over their LAN and share one uplink to the
    /// registry (<see cref="Costs.SitePullCostModel"/>). Every node is in <see cref="DefaultSite"/> unless labelled.
    /// </summary>
    public string Site { get; init; } = DefaultSite;

    /// <summary>The site of a node that names none.</summary>
    public const string DefaultSite = "default";

    /// <summary>The most images a node holds: a layer keeps in 16 bits how many of them reference it.</summary>
    public const int MaxImages = ushort.MaxValue;

    /// <summary>The most containers a node runs: a layer keeps in 16 bits how many of them use it.</summary>
    public const int MaxContainers = ushort.MaxValue;

    /// <summary>The site's position in the owning <see cref="ClusterView"/>'s sites; -1 when the node stands alone.</summary>
    public int SiteId { get; internal set; } = -1;

    /// <summary>Position in the owning <see cref="ClusterView"/>; -1 when the node stands alone.</summary>
    public int Id { get; internal set; } = -1;

    public long CapacityBytes { get; }

    public double HighWatermark { get; }

    public double LowWatermark { get; }

    public long HighWatermarkBytes => (long)(CapacityBytes * HighWatermark);

    public long LowWatermarkBytes => (long)(CapacityBytes * LowWatermark);

    public long UsedBytes { get; private set; }

    /// <summary>Bytes of the layers that a running container uses.</summary>
    public long PinnedBytes { get; private set; }

    public int RunningContainers { get; private set; }

    /// <summary>Layers on the node that no image references (prefetched blobs, or fetches outliving their image): eviction looks for them only when there are some.</summary>
    internal int UnreferencedLayers { get; private set; }

    /// <summary>GDSF's inflation value: the priority of the last victim evicted.</summary>
    public double Inflation { get; internal set; }

    /// <summary>The node's layers, in the order they came (a layer's place is reused after it goes).</summary>
    public NodeLayers Layers => new(this);

    public IReadOnlyCollection<CachedImage> Images => _images.Values;

    /// <summary>
    /// The image least recently used, first of a list through <see cref="CachedImage.UsedAfter"/> ordered by
    /// <see cref="CachedImage.LastUsed"/> (images used at the same instant in no set order): least-recently-used eviction
    /// takes its few victims from the front instead of ranking every image.
    /// </summary>
    internal CachedImage? LeastRecentlyUsed { get; private set; }

    private CachedImage? _mostRecentlyUsed;

    internal INodeCacheObserver? Observer { get; set; }

    /// <summary>Whether the node holds no image and no layer.</summary>
    public bool IsEmpty => _images.Count == 0 && _count == 0;

    public bool Contains(Digest digest) => FindSlot(digest) >= 0;

    public bool TryGetLayer(Digest digest, out CachedLayer layer)
    {
        var slot = FindSlot(digest);
        layer = slot >= 0 ? Handle(slot) : default;
        return slot >= 0;
    }

    public bool HasImage(string reference) => _images.ContainsKey(reference);

    public bool TryGetImage(string reference, out CachedImage image) => _images.TryGetValue(reference, out image!);

    public LayerState StateOf(Digest digest)
    {
        var slot = FindSlot(digest);
        return slot >= 0 ? _entries[slot].State : LayerState.Absent;
    }

    /// <summary>Bytes of <paramref name="image"/>'s layers that the node lacks.</summary>
    public long MissingBytes(ContainerImage image)
    {
        long missing = 0;
        foreach (var layer in image.DistinctLayerSpan)
        {
            if (FindSlot(layer.Digest) < 0)
            {
                missing += layer.SizeBytes;
            }
        }

        return missing;
    }

    /// <summary>
    /// Whether the image fits once every layer that no container uses has gone:
    /// the space that in-use layers and the image's own layers need, against capacity.
    /// </summary>
    public bool CanFit(ContainerImage image)
    {
        long pinnedOfImage = 0;
        foreach (var layer in image.DistinctLayerSpan)
        {
            if (FindSlot(layer.Digest) is >= 0 and var slot && _entries[slot].PinCount > 0)
            {
                pinnedOfImage += layer.SizeBytes;
            }
        }

        return PinnedBytes + image.SizeBytes - pinnedOfImage <= CapacityBytes;
    }

    /// <summary>
    /// Records that the node holds <paramref name="image"/>: missing layers are added in <paramref name="newLayerState"/>,
    /// layers already there gain a reference. Adding an image twice changes nothing.
    /// </summary>
    public CachedImage AddImage(ContainerImage image, LayerState newLayerState = LayerState.Unpacked) =>
        _images.TryGetValue(image.Reference, out var existing) ? existing : AddImage(image, newLayerState, _time.GetUtcNow());

    /// <summary>As <see cref="AddImage(ContainerImage, LayerState)"/>, stamped <paramref name="now"/>: one reading of the clock serves a whole inventory.</summary>
    internal CachedImage AddImage(ContainerImage image, LayerState newLayerState, DateTimeOffset now)
    {
        if (_images.TryGetValue(image.Reference, out var existing))
        {
            return existing;
        }

        if (_images.Count >= MaxImages)
        {
            throw new InvalidOperationException($"Node '{Name}' already holds {MaxImages} images, the most a node can.");
        }

        foreach (var layer in image.DistinctLayerSpan)
        {
            // The slot first: adding the layer may grow the array.
            var slot = GetOrAddLayer(layer, newLayerState, now);
            if (checked(_entries[slot].ImageRefCount++) == 0)
            {
                UnreferencedLayers--;
            }
        }

        var entry = new CachedImage(image, now) { InflationAtLastUse = Inflation };
        _images.Add(image.Reference, entry);
        LinkByUse(entry);
        Observer?.ImageAdded(this, entry);
        return entry;
    }

    /// <summary>The time a change made now is stamped with.</summary>
    internal DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Adds a layer that no image references yet (a prefetched blob); returns the existing entry if present.</summary>
    public CachedLayer AddLayer(Layer layer, LayerState state = LayerState.Present) =>
        Handle(GetOrAddLayer(layer, state, _time.GetUtcNow()));

    public void SetLayerState(Digest digest, LayerState state)
    {
        if (state == LayerState.Absent)
        {
            throw new ArgumentException("Remove a layer instead of marking it absent.", nameof(state));
        }

        SetState(Require(digest), state);
    }

    /// <summary>
    /// The layer was unpacked ahead of any pod: it is <see cref="LayerState.Unpacked"/>, and its snapshot's
    /// <paramref name="snapshotBytes"/> count in the node's usage beside the blob until the layer goes.
    /// </summary>
    public void MarkUnpacked(Digest digest, long snapshotBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(snapshotBytes);
        var slot = Require(digest);
        SetState(slot, LayerState.Unpacked);
        var use = EnsureUse();
        UsedBytes += snapshotBytes - use[slot].SnapshotBytes;
        use[slot].SnapshotBytes = snapshotBytes;
    }

    /// <summary>Counts one use of the image and of each of its layers (a pod start or a pull).</summary>
    public void Touch(string reference)
    {
        var image = RequireImage(reference);
        var now = _time.GetUtcNow();
        image.LastUsed = now;
        UnlinkByUse(image);
        LinkByUse(image);
        image.UseCount++;
        image.InflationAtLastUse = Inflation;
        // Until the node has an inflation value (GDSF evicted on it), every layer's is zero and needs no room.
        var use = _use is null && Inflation == 0 ? null : EnsureUse();
        var useCounts = EnsureUseCounts();
        var layers = image.Image.DistinctLayerSpan;
        var slots = image.PinnedSlots;
        for (var i = 0; i < layers.Length; i++)
        {
            var slot = slots is null ? Require(layers[i].Digest) : slots[i];
            _entries[slot].LastUsedTicks = now.UtcTicks;
            if (useCounts[slot] != uint.MaxValue)
            {
                useCounts[slot]++;
            }
            if (use is not null)
            {
                use[slot].Inflation = Inflation;
            }
        }
    }

    /// <summary>A container using the image started: its image and layers may not be evicted until it stops.</summary>
    public void Pin(string reference)
    {
        var image = RequireImage(reference);
        if (RunningContainers >= MaxContainers)
        {
            throw new InvalidOperationException($"Node '{Name}' already runs {MaxContainers} containers, the most a node can.");
        }

        var layers = image.Image.DistinctLayerSpan;
        var slots = image.PinnedSlots ??= SlotsOf(layers);
        image.PinCount++;
        RunningContainers++;
        for (var i = 0; i < slots.Length; i++)
        {
            var slot = slots[i];
            if (checked(_entries[slot].PinCount++) == 0)
            {
                PinnedBytes += layers[i].SizeBytes;
                Observer?.LayerChanged(this, Handle(slot));
            }
        }
    }

    public void Unpin(string reference)
    {
        var image = RequireImage(reference);
        if (image.PinCount == 0)
        {
            throw new InvalidOperationException($"No container uses '{reference}' on node '{Name}'.");
        }

        var layers = image.Image.DistinctLayerSpan;
        var slots = image.PinnedSlots!;
        if (--image.PinCount == 0)
        {
            image.PinnedSlots = null;
        }

        RunningContainers--;
        for (var i = 0; i < slots.Length; i++)
        {
            var slot = slots[i];
            if (--_entries[slot].PinCount == 0)
            {
                PinnedBytes -= layers[i].SizeBytes;
                Observer?.LayerChanged(this, Handle(slot));
            }
        }
    }

    /// <summary>The entry of each layer, in order; every one must be on the node.</summary>
    private int[] SlotsOf(ReadOnlySpan<Layer> layers)
    {
        var slots = new int[layers.Length];
        for (var i = 0; i < layers.Length; i++)
        {
            slots[i] = Require(layers[i].Digest);
        }

        return slots;
    }

    /// <summary>
    /// Removes an image no container uses; its layers that no other image references go too, except those still being fetched.
    /// Returns the bytes freed.
    /// </summary>
    public long RemoveImage(string reference)
    {
        var image = RequireImage(reference);
        if (image.InUse)
        {
            throw new InvalidOperationException($"Image '{reference}' is in use on node '{Name}' and cannot be removed.");
        }

        _images.Remove(reference);
        UnlinkByUse(image);
        Observer?.ImageRemoved(this, image);
        long freed = 0;
        foreach (var layer in image.Image.DistinctLayerSpan)
        {
            var slot = Require(layer.Digest);
            ref var entry = ref _entries[slot];

            if (--entry.ImageRefCount > 0)
            {
                continue;
            }

            UnreferencedLayers++;

            // A blob still downloading stays, as an unreferenced layer, until its fetch ends.
            if (entry.PinCount == 0 && entry.State != LayerState.Fetching)
            {
                freed += DropLayer(slot);
            }
        }

        return freed;
    }

    /// <summary>Removes a layer that no image references and no container uses. Returns the bytes freed.</summary>
    public long RemoveLayer(Digest digest)
    {
        var slot = Require(digest);
        if (_entries[slot].ImageRefCount > 0 || _entries[slot].PinCount > 0)
        {
            throw new InvalidOperationException(
                $"Layer {digest.ToShortString()} on node '{Name}' is referenced by an image or in use and cannot be removed alone.");
        }

        return DropLayer(slot);
    }

    /// <summary>Puts the image in the recency list after every image used no later than it (at the end, unless the clock went back).</summary>
    private void LinkByUse(CachedImage image)
    {
        var before = _mostRecentlyUsed;
        while (before is not null && before.LastUsed.UtcTicks > image.LastUsed.UtcTicks)
        {
            before = before.UsedBefore;
        }

        var after = before is null ? LeastRecentlyUsed : before.UsedAfter;
        image.UsedBefore = before;
        image.UsedAfter = after;
        if (before is null)
        {
            LeastRecentlyUsed = image;
        }
        else
        {
            before.UsedAfter = image;
        }

        if (after is null)
        {
            _mostRecentlyUsed = image;
        }
        else
        {
            after.UsedBefore = image;
        }
    }

    private void UnlinkByUse(CachedImage image)
    {
        if (image.UsedBefore is null)
        {
            LeastRecentlyUsed = image.UsedAfter;
        }
        else
        {
            image.UsedBefore.UsedAfter = image.UsedAfter;
        }

        if (image.UsedAfter is null)
        {
            _mostRecentlyUsed = image.UsedBefore;
        }
        else
        {
            image.UsedAfter.UsedBefore = image.UsedBefore;
        }

        image.UsedBefore = null;
        image.UsedAfter = null;
    }

    public override string ToString() => $"{Name} ({UsedBytes}/{CapacityBytes} bytes)";

    private CachedImage RequireImage(string reference) =>
        _images.TryGetValue(reference, out var image)
            ? image
            : throw new KeyNotFoundException($"Image '{reference}' is not on node '{Name}'.");
}
