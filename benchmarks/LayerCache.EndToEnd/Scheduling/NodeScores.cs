namespace LayerCache.EndToEnd.Scheduling;

/// <summary>
/// prioritizeNodes' sum for one node: each score plugin's score times its weight (1 for both plugins used here, as in
/// the default profile), plus the extender's 0..10 score times its weight, scaled to the plugins' 0..100.
/// https://github.com/kubernetes/kubernetes/blob/master/pkg/scheduler/schedule_one.go
/// </summary>
internal static class NodeScores
{
    /// <summary>framework.MaxNodeScore.</summary>
    public const long MaxNodeScore = 100;

    /// <summary>extenderv1.MaxExtenderPriority.</summary>
    public const long MaxExtenderPriority = 10;

    public static long Combine(long leastAllocated, long imageLocality, long extenderScore, int extenderWeight) =>
        leastAllocated + imageLocality + (extenderScore * extenderWeight * (MaxNodeScore / MaxExtenderPriority));
}
