namespace LayerCache.EndToEnd.Scheduling;

/// <summary>
/// NodeResourcesFit's default LeastAllocated strategy for one resource, in integers as the Go code: the driver's
/// resource is the pod slot (requested = busy slots + this pod, capacity = slots); with every pod asking for the same
/// share of CPU and memory, the weighted average over those two is this one score.
/// https://github.com/kubernetes/kubernetes/blob/master/pkg/scheduler/framework/plugins/noderesources/least_allocated.go
/// </summary>
internal static class LeastAllocated
{
    /// <summary>leastRequestedScore: (capacity - requested) x 100 / capacity; 0 when nothing is free or capacity is 0.</summary>
    public static long Score(long requested, long capacity)
    {
        if (capacity <= 0 || requested > capacity)
        {
            return 0;
        }

        return (capacity - requested) * NodeScores.MaxNodeScore / capacity;
    }

    /// <summary>The score of a node for one more pod.</summary>
    public static long ForPod(CandidateNode node) => Score(node.BusySlots + 1, node.Slots);
}
