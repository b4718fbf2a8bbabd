namespace LayerCache.Simulator.Engine;

/// <summary>
/// How many feasible nodes kube-scheduler looks for before it stops filtering and scores what it found
/// (percentageOfNodesToScore; kube-scheduler's numFeasibleNodesToFind in pkg/scheduler/schedule_one.go).
/// </summary>
public static class NodeSampling
{
    /// <summary>Below this many nodes every node is scored, and no sample is smaller.</summary>
    public const int MinFeasibleNodesToFind = 100;

    /// <summary>The adaptive percentage never falls below this.</summary>
    public const int MinFeasibleNodesPercentageToFind = 5;

    /// <summary>The adaptive percentage at zero nodes, falling by one every 125 nodes.</summary>
    public const int BasePercentageOfNodesToScore = 50;

    /// <summary>Feasible nodes to find among <paramref name="nodes"/>; <paramref name="percent"/> 0 is the adaptive default.</summary>
    public static int FeasibleNodesToFind(int percent, int nodes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(percent);
        ArgumentOutOfRangeException.ThrowIfNegative(nodes);
        if (nodes < MinFeasibleNodesToFind || percent >= 100)
        {
            return nodes;
        }

        if (percent == 0)
        {
            percent = Math.Max(BasePercentageOfNodesToScore - (nodes / 125), MinFeasibleNodesPercentageToFind);
        }

        return Math.Max((int)((long)nodes * percent / 100), MinFeasibleNodesToFind);
    }
}
