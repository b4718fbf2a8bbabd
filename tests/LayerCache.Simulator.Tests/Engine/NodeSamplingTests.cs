using LayerCache.Simulator.Engine;

namespace LayerCache.Simulator.Tests.Engine;

/// <summary>kube-scheduler's numFeasibleNodesToFind: how many feasible nodes a pod's search stops at.</summary>
public sealed class NodeSamplingTests
{
    [Theory]
    [InlineData(50, 50)] // under 100 nodes: every node
    [InlineData(200, 100)] // 49% is 98, below the floor of 100
    [InlineData(1000, 420)] // 50 - 8 = 42%
    [InlineData(2000, 680)] // 50 - 16 = 34%
    [InlineData(5000, 500)] // 50 - 40 = 10%
    [InlineData(10000, 500)] // 50 - 80 is below the 5% floor
    public void FeasibleNodesToFind_Adaptive_FollowsKubeScheduler(int nodes, int expected) =>
        Assert.Equal(expected, NodeSampling.FeasibleNodesToFind(0, nodes));

    [Theory]
    [InlineData(100, 5000, 5000)]
    [InlineData(30, 1000, 300)]
    [InlineData(30, 200, 100)] // 60 is below the floor of 100
    [InlineData(1, 50, 50)]
    public void FeasibleNodesToFind_GivenPercent_IsThatShareAtLeast100(int percent, int nodes, int expected) =>
        Assert.Equal(expected, NodeSampling.FeasibleNodesToFind(percent, nodes));
}
