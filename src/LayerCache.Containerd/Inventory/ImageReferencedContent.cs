using LayerCache.Core.Model;

namespace LayerCache.Containerd;

/// <summary>
/// The blobs containerd's garbage collection keeps for the images: each image's target, the blobs an image's own
/// labels reference, and everything reachable from those through <c>containerd.io/gc.ref.content</c> labels (an
/// index's manifests, a manifest's config and layers), as the collector walks them
/// (https://github.com/containerd/containerd/blob/main/docs/garbage-collection.md). A blob an image's manifest
/// lists but whose reference label is missing is not among them: GC would not keep it for the image.
/// </summary>
public static class ImageReferencedContent
{
    public static IReadOnlySet<Digest> Of(IEnumerable<ContainerdImage> images, IEnumerable<ContentInfo> content)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(content);
        var labels = content.GroupBy(c => c.Digest).ToDictionary(g => g.Key, g => g.First().Labels);
        var reached = new HashSet<Digest>();
        var pending = new Stack<Digest>();
        foreach (var image in images)
        {
            pending.Push(image.Target.Digest);
            foreach (var digest in References(image.Labels))
            {
                pending.Push(digest);
            }
        }

        while (pending.TryPop(out var digest))
        {
            if (reached.Add(digest) && labels.TryGetValue(digest, out var own))
            {
                foreach (var child in References(own))
                {
                    pending.Push(child);
                }
            }
        }

        return reached;
    }

    private static IEnumerable<Digest> References(IReadOnlyDictionary<string, string> labels) =>
        labels
            .Where(label => ContainerdLabels.IsContentReference(label.Key))
            .Select(label => Digest.TryParse(label.Value, out var digest) ? digest : (Digest?)null)
            .OfType<Digest>();
}
