namespace LayerCache.Core.Scoring;

/// <summary>
/// Kubernetes' ImageLocality score plugin, computed as kube-scheduler does: each container's image size,
/// scaled by the fraction of nodes that hold it, summed, clamped to [23 MiB, 1000 MiB x containers],
/// and mapped linearly onto 0..100 (integer division, as the Go code).
/// See pkg/scheduler/framework/plugins/imagelocality/image_locality.go.
/// </summary>
public sealed class ImageLocalityScorer : INodeScorer
{
    public const long MinThresholdBytes = 23L * 1024 * 1024;
    public const long MaxContainerThresholdBytes = 1000L * 1024 * 1024;
    public const long MaxNodeScore = 100;

    public string Name => "image-k8s";

    public bool ReadsLoad => false;

    public double Score(PodFit fit, int node) => Priority(fit.ImageLocalitySum(node), fit.Containers.Count);

    /// <summary>Kubernetes' calculatePriority.</summary>
    public static long Priority(long sumScores, int containerCount)
    {
        var maxThreshold = MaxContainerThresholdBytes * Math.Max(containerCount, 1);
        sumScores = Math.Clamp(sumScores, MinThresholdBytes, maxThreshold);
        return MaxNodeScore * (sumScores - MinThresholdBytes) / (maxThreshold - MinThresholdBytes);
    }
}
