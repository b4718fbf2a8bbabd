using LayerCache.Core.Model;

namespace LayerCache.Core.Eviction;

/// <summary>
/// Applies an <see cref="IEvictionPolicy"/> to a node: lists what may go (never an image or layer a
/// container uses, nor a layer still being fetched), ranks it, and removes in rank order only until usage
/// is at the target. The same code plans (without touching the node) and evicts.
/// </summary>
public static class CacheEvictor
{
    /// <summary>Everything that may be evicted now: images no container uses, and unreferenced layers.</summary>
    public static List<EvictionCandidate> Candidates(NodeCache node)
    {
        var candidates = new List<EvictionCandidate>(node.Images.Count);
        foreach (var image in node.Images)
        {
            if (image.InUse)
            {
                continue;
            }

            candidates.Add(EvictionCandidate.ForImage(image, node));
        }

        // Only blobs no image references go alone; most nodes have none, and then their layers are not walked.
        if (node.UnreferencedLayers > 0)
        {
            foreach (var layer in node.Layers)
            {
                if (layer.ImageRefCount == 0 && Evictable(layer))
                {
                    candidates.Add(EvictionCandidate.ForLayer(layer));
                }
            }
        }

        return candidates;
    }

    /// <summary>
    /// All candidates in eviction order, lowest keep value first (then least recently used, then by name),
    /// each with the bytes it would free after the ones before it are gone.
    /// </summary>
    public static IEnumerable<PlannedVictim> Rank(NodeCache node, IEvictionPolicy policy, EvictionContext context)
    {
        var candidates = Candidates(node);
        var keys = new RankKey[candidates.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            var candidate = candidates[i];
            keys[i] = new RankKey(policy.KeepValue(candidate, node, context), candidate.LastUsed.UtcTicks, i);
        }

        // In order one at a time from a heap: a plan stops after the few victims that bring usage down, so sorting every
        // candidate would mostly be wasted (the order is the same, as no two keys are equal).
        var heap = new RankHeap(keys, candidates);

        // Removing an image drops a shared layer only when the last image referencing it goes.
        var remainingRefs = new Dictionary<Digest, int>();
        while (heap.TryPop(out var key))
        {
            yield return Victim(node, candidates[key.Index], key.Value, remainingRefs);
        }
    }

    /// <summary>
    /// Least recently used first, read from the node's recency list: the victims, keep values and freed layers that
    /// <see cref="Rank"/> gives for <see cref="LruEvictionPolicy"/>, without listing or ranking the images that stay.
    /// For a node without unreferenced layers, which <see cref="Rank"/> would mix in by their own last use.
    /// </summary>
    private static IEnumerable<PlannedVictim> ByLastUse(NodeCache node)
    {
        var remainingRefs = new Dictionary<Digest, int>();
        var sameInstant = new List<CachedImage>();
        for (var image = node.LeastRecentlyUsed; image is not null;)
        {
            var ticks = image.LastUsed.UtcTicks;
            sameInstant.Clear();
            for (; image is not null && image.LastUsed.UtcTicks == ticks; image = image.UsedAfter)
            {
                if (!image.InUse)
                {
                    sameInstant.Add(image);
                }
            }

            // Images last used at one instant go by name, as Rank orders them.
            if (sameInstant.Count > 1)
            {
                sameInstant.Sort(static (a, b) => string.CompareOrdinal(a.Reference, b.Reference));
            }

            foreach (var victim in sameInstant)
            {
                yield return Victim(node, EvictionCandidate.ForImage(victim, node), ticks, remainingRefs);
            }
        }
    }

    /// <summary>The candidate as a victim, with the layers it frees once the victims before it (counted in <paramref name="remainingRefs"/>) are gone.</summary>
    private static PlannedVictim Victim(NodeCache node, EvictionCandidate candidate, double value, Dictionary<Digest, int> remainingRefs)
    {
        if (candidate.Image is not { } image)
        {
            return new PlannedVictim(candidate, value, candidate.FreedLayers);
        }

        var freedLayers = new List<CachedLayer>();
        foreach (var layer in image.Image.DistinctLayerSpan)
        {
            var cached = Layer(node, layer.Digest);
            var refs = remainingRefs.GetValueOrDefault(layer.Digest, cached.ImageRefCount) - 1;
            remainingRefs[layer.Digest] = refs;
            if (refs == 0 && Evictable(cached))
            {
                freedLayers.Add(cached);
            }
        }

        return new PlannedVictim(candidate, value, freedLayers);
    }

    /// <summary>The victims to remove, in order, to bring usage down to <paramref name="targetUsedBytes"/> (or as near as allowed).</summary>
    public static IReadOnlyList<PlannedVictim> Plan(NodeCache node, IEvictionPolicy policy, EvictionContext context, long targetUsedBytes)
    {
        var victims = new List<PlannedVictim>();
        var used = node.UsedBytes;
        if (used <= targetUsedBytes)
        {
            return victims;
        }

        var ranked = policy is LruEvictionPolicy && node.UnreferencedLayers == 0 ? ByLastUse(node) : Rank(node, policy, context);
        foreach (var victim in ranked)
        {
            victims.Add(victim);
            used -= victim.FreedBytes;
            if (used <= targetUsedBytes)
            {
                break;
            }
        }

        return victims;
    }

    /// <summary>Removes planned victims that are still evictable. Returns the bytes freed.</summary>
    public static long Apply(NodeCache node, IEvictionPolicy policy, IEnumerable<PlannedVictim> victims)
    {
        long freed = 0;
        foreach (var victim in victims)
        {
            var candidate = victim.Candidate;
            if (candidate.Image is { } image)
            {
                if (!node.TryGetImage(image.Reference, out var current) || current.InUse)
                {
                    continue;
                }

                freed += node.RemoveImage(image.Reference);
            }
            else
            {
                if (!node.TryGetLayer(candidate.Layer!.Value.Digest, out var current) || current.ImageRefCount > 0 || !Evictable(current))
                {
                    continue;
                }

                freed += node.RemoveLayer(current.Digest);
            }

            if (policy.InflatesOnEviction && victim.KeepValue > node.Inflation)
            {
                node.Inflation = victim.KeepValue;
            }
        }

        return freed;
    }

    /// <summary>If usage is above the high watermark, evicts down to the low watermark. Returns the victims removed.</summary>
    public static IReadOnlyList<PlannedVictim> EnforceWatermarks(NodeCache node, IEvictionPolicy policy, EvictionContext context)
    {
        if (node.UsedBytes <= node.HighWatermarkBytes)
        {
            return [];
        }

        var victims = Plan(node, policy, context, node.LowWatermarkBytes);
        Apply(node, policy, victims);
        return victims;
    }

    /// <summary>
    /// Makes room for <paramref name="incomingBytes"/> more: if they would take usage above the high watermark,
    /// evicts until usage plus them is at the low watermark. Returns the bytes freed.
    /// </summary>
    public static long MakeRoom(NodeCache node, IEvictionPolicy policy, EvictionContext context, long incomingBytes)
    {
        if (node.UsedBytes + incomingBytes <= node.HighWatermarkBytes)
        {
            return 0;
        }

        var target = Math.Max(node.LowWatermarkBytes - incomingBytes, 0);
        return Apply(node, policy, Plan(node, policy, context, target));
    }

    internal static bool Evictable(CachedLayer layer) => !layer.InUse && layer.State != LayerState.Fetching;

    private static CachedLayer Layer(NodeCache node, Digest digest) =>
        node.TryGetLayer(digest, out var cached) ? cached : throw new InvalidOperationException($"Node '{node.Name}' lost layer {digest.ToShortString()}.");

    /// <summary>A candidate's place in the order: its keep value, then its last use, then its name (read only on a tie).</summary>
    private readonly record struct RankKey(double Value, long LastUsedTicks, int Index);

    /// <summary>
    /// A binary min-heap over the keys, in place: made in linear time, each smallest key taken in logarithmic time.
    /// Names are unique on a node (references and digests), so no two keys are equal and the order is the one a sort
    /// gives; the index decides only if they were.
    /// </summary>
    private struct RankHeap
    {
        private readonly RankKey[] _keys;
        private readonly List<EvictionCandidate> _candidates;
        private int _count;

        public RankHeap(RankKey[] keys, List<EvictionCandidate> candidates)
        {
            _keys = keys;
            _candidates = candidates;
            _count = keys.Length;
            for (var i = (_count / 2) - 1; i >= 0; i--)
            {
                SiftDown(i);
            }
        }

        public bool TryPop(out RankKey key)
        {
            if (_count == 0)
            {
                key = default;
                return false;
            }

            key = _keys[0];
            _keys[0] = _keys[--_count];
            SiftDown(0);
            return true;
        }

        private readonly int Compare(in RankKey a, in RankKey b)
        {
            var c = a.Value.CompareTo(b.Value);
            if (c == 0)
            {
                c = a.LastUsedTicks.CompareTo(b.LastUsedTicks);
            }

            if (c == 0)
            {
                c = string.CompareOrdinal(_candidates[a.Index].Name, _candidates[b.Index].Name);
            }

            return c != 0 ? c : a.Index.CompareTo(b.Index);
        }

        private readonly void SiftDown(int i)
        {
            var item = _keys[i];
            while (true)
            {
                var child = (2 * i) + 1;
                if (child >= _count)
                {
                    break;
                }

                if (child + 1 < _count && Compare(_keys[child + 1], _keys[child]) < 0)
                {
                    child++;
                }

                if (Compare(_keys[child], item) >= 0)
                {
                    break;
                }

                _keys[i] = _keys[child];
                i = child;
            }

            _keys[i] = item;
        }
    }
}
