using LayerCache.Core.Inventory;
using LayerCache.Core.Model;

namespace LayerCache.Cluster;

/// <summary>
/// The difference between two snapshots of one node, and its application. Images are matched by reference and count
/// as changed when their manifest digest or layer list differs; blobs are matched by digest; the container list is
/// compared as a multiset (the order containerd lists containers in means nothing), and the blobs unpacked ahead as a set.
/// </summary>
public static class InventoryDiff
{
    /// <summary>The delta that turns <paramref name="before"/> into <paramref name="after"/>, or null when nothing changed.</summary>
    public static InventoryDelta? Compute(string node, long sequence, InventorySnapshot before, InventorySnapshot after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);

        var oldImages = ByReference(before.Images);
        var newImages = ByReference(after.Images);
        var imagesAdded = newImages.Values
            .Where(image => !oldImages.TryGetValue(image.Reference, out var old) || !SameImage(old, image))
            .ToList();
        var imagesRemoved = oldImages.Keys.Where(reference => !newImages.ContainsKey(reference)).ToList();

        var oldBlobs = before.LeasedBlobs.Select(blob => blob.Digest).ToHashSet();
        var newBlobs = after.LeasedBlobs.Select(blob => blob.Digest).ToHashSet();
        var blobsAdded = after.LeasedBlobs.Where(blob => !oldBlobs.Contains(blob.Digest)).DistinctBy(blob => blob.Digest).ToList();
        var blobsRemoved = oldBlobs.Where(digest => !newBlobs.Contains(digest)).ToList();

        var containersChanged = !SameMultiset(before.ContainerImages, after.ContainerImages);
        var unpackedChanged = !before.UnpackedBlobs.SetEquals(after.UnpackedBlobs);
        if (imagesAdded.Count == 0 && imagesRemoved.Count == 0 && blobsAdded.Count == 0 && blobsRemoved.Count == 0
            && !containersChanged && !unpackedChanged)
        {
            return null;
        }

        return new InventoryDelta(
            node,
            sequence,
            Reset: false,
            imagesAdded,
            imagesRemoved,
            blobsAdded,
            blobsRemoved,
            containersChanged ? [.. after.ContainerImages] : null)
        {
            UnpackedBlobs = unpackedChanged ? [.. after.UnpackedBlobs.OrderBy(d => d.Value, StringComparer.Ordinal)] : null,
        };
    }

    /// <summary>
    /// The snapshot after <paramref name="delta"/>: kept entries keep their order, changed images are replaced in place,
    /// new ones are appended. A reset delta carries no changes, so it cannot be applied: read the snapshot instead.
    /// </summary>
    public static InventorySnapshot Apply(InventorySnapshot snapshot, InventoryDelta delta)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(delta);
        if (delta.Reset)
        {
            throw new ArgumentException("A reset delta replaces the whole snapshot; read the snapshot instead.", nameof(delta));
        }

        var removedImages = delta.ImagesRemoved.ToHashSet(StringComparer.Ordinal);
        var addedImages = ByReference(delta.ImagesAdded);
        var images = new List<ContainerImage>(snapshot.Images.Count + addedImages.Count);
        foreach (var image in snapshot.Images)
        {
            if (removedImages.Contains(image.Reference))
            {
                continue;
            }

            images.Add(addedImages.Remove(image.Reference, out var replacement) ? replacement : image);
        }

        foreach (var image in delta.ImagesAdded)
        {
            if (addedImages.Remove(image.Reference, out var latest))
            {
                images.Add(latest);
            }
        }

        var removedBlobs = delta.BlobsRemoved.ToHashSet();
        var blobs = snapshot.LeasedBlobs.Where(blob => !removedBlobs.Contains(blob.Digest)).ToList();
        var present = blobs.Select(blob => blob.Digest).ToHashSet();
        blobs.AddRange(delta.BlobsAdded.Where(blob => present.Add(blob.Digest)));

        return new InventorySnapshot(images, delta.ContainerImages ?? snapshot.ContainerImages, blobs)
        {
            UnpackedBlobs = delta.UnpackedBlobs is { } unpacked ? unpacked.ToHashSet() : snapshot.UnpackedBlobs,
        };
    }

    /// <summary>True when both snapshots hold the same images, blobs and containers (in any order).</summary>
    public static bool AreEquivalent(InventorySnapshot a, InventorySnapshot b) => Compute("", 0, a, b) is null;

    internal static bool SameImage(ContainerImage a, ContainerImage b) =>
        a.ManifestDigest == b.ManifestDigest
        && a.Layers.Select(layer => layer.Digest).SequenceEqual(b.Layers.Select(layer => layer.Digest));

    // The last image wins when a snapshot lists a reference twice, as a later listing would.
    private static Dictionary<string, ContainerImage> ByReference(IEnumerable<ContainerImage> images)
    {
        var map = new Dictionary<string, ContainerImage>(StringComparer.Ordinal);
        foreach (var image in images)
        {
            map[image.Reference] = image;
        }

        return map;
    }

    private static bool SameMultiset(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in a)
        {
            counts[item] = counts.GetValueOrDefault(item) + 1;
        }

        foreach (var item in b)
        {
            if (!counts.TryGetValue(item, out var count) || count == 0)
            {
                return false;
            }

            counts[item] = count - 1;
        }

        return true;
    }
}
