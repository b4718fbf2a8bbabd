using LayerCache.Core.Eviction;
using LayerCache.Core.Model;

// Evictions the coordinator orders; the cluster link's OrderExecutor is the caller.
namespace LayerCache.Agent.Eviction;

public sealed partial class NodeEvictor
{
    /// <summary>
    /// Evicts what an order names, whatever the watermarks say: images this agent pulled on an order (by any containerd
    /// name of theirs) and prefetched blobs. Refuses an image a container uses, an image pods pulled (the node's own
    /// policy decides when those go), and a blob an image still references; what is already gone counts as done.
    /// Returns the bytes freed and what it refused, with why.
    /// </summary>
    public async Task<(long FreedBytes, IReadOnlyList<string> Refused)> EvictOrderedAsync(
        IReadOnlyList<string> images, IReadOnlyList<Digest> blobs, CancellationToken cancellationToken)
    {
        var refused = new List<string>();
        var victims = new List<PlannedVictim>();
        IReadOnlyDictionary<string, IReadOnlyList<string>> names;
        await node.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            names = node.Names;
            foreach (var name in images)
            {
                if (FindImage(name, names) is not { } image)
                {
                    continue;
                }

                if (image.InUse)
                {
                    refused.Add($"image {name} is used by a container");
                    continue;
                }

                if (!Prefetched(image, names))
                {
                    refused.Add($"image {name} was not prefetched by this agent; only the node's own policy removes images pods pulled");
                    continue;
                }

                var candidate = EvictionCandidate.ForImage(image, node.Cache);
                victims.Add(new PlannedVictim(candidate, 0, candidate.FreedLayers));
            }

            foreach (var digest in blobs)
            {
                if (!node.Cache.TryGetLayer(digest, out var layer))
                {
                    continue;
                }

                if (layer.ImageRefCount > 0 || layer.InUse)
                {
                    refused.Add($"blob {digest} belongs to an image on the node; evict the image instead");
                    continue;
                }

                victims.Add(new PlannedVictim(EvictionCandidate.ForLayer(layer), 0, [layer]));
            }
        }
        finally
        {
            node.Lock.Release();
        }

        var removed = await RemoveAllAsync(victims, names, _ => "order", "order", cancellationToken).ConfigureAwait(false);
        foreach (var victim in victims.Except(removed))
        {
            refused.Add($"{victim.Candidate.Name} could not be removed (a container uses it, it was pulled within the image minimum age, something else on the node holds it, or containerd refused)");
        }

        var freed = removed.Sum(v => v.FreedBytes);
        return (freed, refused);
    }

    private bool Prefetched(CachedImage image, IReadOnlyDictionary<string, IReadOnlyList<string>> names) =>
        node.PrefetchedImages.Contains(image.Reference)
        || (names.TryGetValue(image.Reference, out var aliases) && aliases.Any(node.PrefetchedImages.Contains));

    private CachedImage? FindImage(string name, IReadOnlyDictionary<string, IReadOnlyList<string>> names)
    {
        if (node.Cache.TryGetImage(name, out var image))
        {
            return image;
        }

        var reference = names.FirstOrDefault(kv => kv.Value.Contains(name, StringComparer.Ordinal)).Key;
        return reference is not null && node.Cache.TryGetImage(reference, out image) ? image : null;
    }
}
