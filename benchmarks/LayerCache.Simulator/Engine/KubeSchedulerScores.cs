namespace LayerCache.Simulator.Engine;

/// <summary>
/// kube-scheduler's arithmetic for one node, in integers as the Go code. NodeResourcesFit's default LeastAllocated
/// strategy for one resource: the pod slot (requested = busy slots + this pod, capacity = slots); with every pod asking
/// for the same share of CPU and memory, the weighted average over those two is this one score. prioritizeNodes' sum:
/// each plugin's score times its weight (1 for both plugins used here, as in the default profile), plus the extender's
/// 0..10 score times its weight, scaled to the plugins' 0..100.
/// https://github.com/kubernetes/kubernetes/blob/master/pkg/scheduler/framework/plugins/noderesources/least_allocated.go
/// https://github.com/kubernetes/kubernetes/blob/master/pkg/scheduler/schedule_one.go
/// </summary>
public static class KubeSchedulerScores
{
    /// <summary>framework.MaxNodeScore.</summary>
    public const long MaxNodeScore = 100;

    /// <summary>extenderv1.MaxExtenderPriority.</summary>
    public const long MaxExtenderPriority = 10;

    /// <summary>leastRequestedScore: (capacity - requested) x 100 / capacity; 0 when nothing is free or capacity is 0.</summary>
    public static long LeastAllocated(long requested, long capacity)
    {
        if (capacity <= 0 || requested > capacity)
        {
            return 0;
        }

        return (capacity - requested) * MaxNodeScore / capacity;
    }

    public static long Combine(long leastAllocated, long imageLocality, long extenderScore, int extenderWeight) =>
        leastAllocated + imageLocality + (extenderScore * extenderWeight * (MaxNodeScore / MaxExtenderPriority));
}
