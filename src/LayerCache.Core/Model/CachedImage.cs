namespace LayerCache.Core.Model;

/// <summary>What one node knows of one of its images.</summary>
public sealed class CachedImage
{
    internal CachedImage(ContainerImage image, DateTimeOffset now)
    {
        Image = image;
        AddedAt = now;
        LastUsed = now;
    }

    public ContainerImage Image { get; }

    public string Reference => Image.Reference;

    public DateTimeOffset AddedAt { get; }

    public DateTimeOffset LastUsed { get; internal set; }

    public long UseCount { get; internal set; }

    /// <summary>How many running containers use this image.</summary>
    public int PinCount { get; internal set; }

    /// <summary>GDSF's inflation value of the node when this image was last used.</summary>
    public double InflationAtLastUse { get; internal set; }

    public bool InUse => PinCount > 0;

    /// <summary>
    /// While a container uses the image: the node's entry of each of its distinct layers, in order, so that pinning,
    /// unpinning and touching it again looks nothing up (a pinned layer keeps its entry). Null while unused.
    /// </summary>
    internal int[]? PinnedSlots { get; set; }

    /// <summary>The node's image last used before this one, in the node's recency order (<see cref="NodeCache.LeastRecentlyUsed"/>); null for the first.</summary>
    internal CachedImage? UsedBefore { get; set; }

    /// <summary>The node's image last used after this one; null for the last.</summary>
    internal CachedImage? UsedAfter { get; set; }
}
