using LayerCache.Core.Model;

namespace LayerCache.Core.Inventory;

/// <summary>
/// Makes a <see cref="NodeCache"/> equal to a runtime snapshot, changing only what differs, so that use counts
/// and last-use times of what stayed are kept. An image whose tag now points at another manifest is replaced.
/// A container pins its image and counts as a use of it (recency and frequency, as eviction ranks them);
/// a container whose image is gone pins nothing (the runtime keeps its snapshot).
/// </summary>
public static class InventoryReconciler
{
    /// <param name="cache">The node's cache, changed in place.</param>
    /// <param name="snapshot">What the runtime holds now.</param>
    /// <param name="used">Told of each new container's image: a container made from an image is a use of it.</param>
    /// <exception cref="ArgumentException">The snapshot lists more images or containers than a node can hold; nothing changed.</exception>
    public static InventoryChanges Apply(NodeCache cache, InventorySnapshot snapshot, Action<ContainerImage>? used = null)
    {
        if (snapshot.Images.Count > NodeCache.MaxImages || snapshot.ContainerImages.Count > NodeCache.MaxContainers)
        {
            throw new ArgumentException(
                $"a snapshot of {snapshot.Images.Count} images and {snapshot.ContainerImages.Count} containers: a node holds at most {NodeCache.MaxImages} images and runs at most {NodeCache.MaxContainers} containers",
                nameof(snapshot));
        }

        var wanted = new Dictionary<string, ContainerImage>(snapshot.Images.Count, StringComparer.Ordinal);
        foreach (var image in snapshot.Images)
        {
            wanted[image.Reference] = image;
        }

        var pins = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var reference in snapshot.ContainerImages)
        {
            if (wanted.ContainsKey(reference))
            {
                pins[reference] = pins.GetValueOrDefault(reference) + 1;
            }
        }

        var pinsChanged = 0;
        var removed = 0;
        foreach (var cached in cache.Images.ToList())
        {
            var keep = wanted.TryGetValue(cached.Reference, out var now) && SameContent(cached.Image, now);
            var target = keep ? pins.GetValueOrDefault(cached.Reference) : 0;
            while (cached.PinCount > target)
            {
                cache.Unpin(cached.Reference);
                pinsChanged++;
            }

            if (!keep)
            {
                cache.RemoveImage(cached.Reference);
                removed++;
            }
        }

        // A node first seen: its tables are built once for everything it reports.
        var filling = cache.IsEmpty && cache.BeginFill(wanted.Count, LayerEstimate(wanted.Values) + snapshot.LeasedBlobs.Count);

        var added = 0;
        var at = cache.Now;
        foreach (var image in wanted.Values)
        {
            if (!cache.TryGetImage(image.Reference, out var cached))
            {
                cached = cache.AddImage(image, LayerState.Unpacked, at);
                added++;
            }

            var target = pins.GetValueOrDefault(image.Reference);
            while (cached.PinCount < target)
            {
                cache.Pin(image.Reference);
                cache.Touch(image.Reference);
                used?.Invoke(image);
                pinsChanged++;
            }
        }

        var (blobsAdded, blobsRemoved) = ReconcileBlobs(cache, snapshot.LeasedBlobs, snapshot.UnpackedBlobs);
        if (filling)
        {
            // The estimate counted shared layers once per image: the tables are copied out at the size filled.
            cache.EndFill();
        }

        return new InventoryChanges(added, removed, blobsAdded, blobsRemoved, pinsChanged);
    }

    /// <summary>
    /// At least as many layers as <paramref name="images"/> hold together: a layer they share counts once per image
    /// (a fifth too many for the nodes of the synthetic cluster the coordinator benchmarks use).
    /// </summary>
    private static int LayerEstimate(IEnumerable<ContainerImage> images)
    {
        var layers = 0;
        foreach (var image in images)
        {
            layers += image.DistinctLayers.Count;
        }

        return layers;
    }

    private static (int Added, int Removed) ReconcileBlobs(NodeCache cache, IReadOnlyList<Layer> leased, IReadOnlySet<Digest> unpacked)
    {
        var removed = 0;
        if (cache.UnreferencedLayers > 0)
        {
            var keep = new HashSet<Digest>(leased.Count);
            foreach (var layer in leased)
            {
                keep.Add(layer.Digest);
            }

            // Only blobs no image references can go; a node whose every layer belongs to an image (the usual case) has none.
            List<Digest>? gone = null;
            foreach (var layer in cache.Layers)
            {
                if (layer.ImageRefCount == 0 && !layer.InUse && layer.State != LayerState.Fetching && !keep.Contains(layer.Digest))
                {
                    (gone ??= []).Add(layer.Digest);
                }
            }

            foreach (var digest in gone ?? [])
            {
                cache.RemoveLayer(digest);
                removed++;
            }
        }

        var added = 0;
        foreach (var layer in leased)
        {
            var state = unpacked.Contains(layer.Digest) ? LayerState.Unpacked : LayerState.Present;
            if (!cache.TryGetLayer(layer.Digest, out var cached))
            {
                cache.AddLayer(layer, state);
                added++;
            }
            else if (cached.ImageRefCount == 0 && cached.State is LayerState.Present or LayerState.Unpacked && cached.State != state)
            {
                // Unpacked ahead, or its snapshot let go of: the blob is the same, only what a pull of it costs changed.
                cache.SetLayerState(layer.Digest, state);
            }
        }

        return (added, removed);
    }

    private static bool SameContent(ContainerImage cached, ContainerImage now) =>
        cached.ManifestDigest == now.ManifestDigest
        && cached.Layers.Select(l => l.Digest).SequenceEqual(now.Layers.Select(l => l.Digest));
}
