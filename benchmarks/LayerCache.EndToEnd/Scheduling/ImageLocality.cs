using LayerCache.Core.Scoring;

namespace LayerCache.EndToEnd.Scheduling;

/// <summary>
/// The ImageLocality score plugin for one node: each of the pod's images the node reports, its size scaled by the share
/// of the cluster's nodes that report it (init containers included, as current releases do), mapped onto 0..100 by
/// Core's <see cref="ImageLocalityScorer.Priority"/>.
/// https://github.com/kubernetes/kubernetes/blob/master/pkg/scheduler/framework/plugins/imagelocality/image_locality.go
/// </summary>
internal static class ImageLocality
{
    /// <param name="podImages">Every container's image, as written in the pod spec.</param>
    /// <param name="nodeImages">What the node reports: normalized reference to size in bytes.</param>
    /// <param name="nodesWithImage">Of all the cluster's nodes, how many report a normalized reference.</param>
    /// <param name="totalNodes">All the cluster's nodes, not only those with room: the scheduler's snapshot.</param>
    public static long Score(IReadOnlyList<string> podImages, IReadOnlyDictionary<string, long> nodeImages, Func<string, int> nodesWithImage, int totalNodes)
    {
        var sum = 0L;
        foreach (var image in podImages)
        {
            var name = ImageReference.Normalized(image);
            if (nodeImages.TryGetValue(name, out var size))
            {
                sum += ScaledImageScore(size, nodesWithImage(name), totalNodes);
            }
        }

        return ImageLocalityScorer.Priority(sum, podImages.Count);
    }

    /// <summary>scaledImageScore: the size times the spread, in float64 and truncated, as Core's PodFit computes it.</summary>
    public static long ScaledImageScore(long sizeBytes, int nodesWithImage, int totalNodes) =>
        totalNodes == 0 ? 0 : (long)(sizeBytes * ((double)nodesWithImage / totalNodes));
}
