using LayerCache.Core.Costs;
using LayerCache.Core.Eviction;
using LayerCache.Core.Scoring;
using LayerCache.Simulator.Engine;
using LayerCache.Simulator.Tests.Support;

namespace LayerCache.Simulator.Tests.Engine;

/// <summary>Placement as kube-scheduler does it with the extender configured: least-allocated plus the policy's part.</summary>
public sealed class KubeSchedulerPlacementTests
{
    // Four pods of the one image, a second apart, all still running when the last arrives.
    private static readonly RequestTrace FourPods = RequestTrace.From([0, 1, 2, 3], [0, 0, 0, 0], [100, 100, 100, 100]);

    private static readonly ClusterSettings TwoNodes = new() { Nodes = 2, SlotsPerNode = 4, StorageGigabytes = 1, DurationSeconds = 10, ExtenderWeight = 1 };

    private static readonly BandwidthPullCostModel Cost = new(10e6, 100e6, 0.01);

    [Fact]
    public void Run_NoExtender_LeastAllocatedSpreadsThePodsSoBothNodesPull()
    {
        var setup = new PolicySetup("agnostic", new AgnosticScorer(), new LruEvictionPolicy());

        var result = new ClusterSimulation(Simulations.OneImage, FourPods, TwoNodes, setup, Cost).Run();

        // Each pod goes to the node with fewer busy slots: two a node, and each node pulls the image once.
        Assert.Equal(2_000_000, result.OnDemandBytes);
    }

    [Fact]
    public void Run_LayerExtender_OutweighsSpreadingAndKeepsThePodsWhereTheImageIs()
    {
        var setup = new PolicySetup("layer", new LayerCacheScorer(), new LruEvictionPolicy(), Role: SchedulerRole.Extender);

        // The first pod ends at 1 s, which leaves its node holding the image; three more follow, all running at once.
        var trace = RequestTrace.From([0, 2, 3, 4], [0, 0, 0, 0], [1, 100, 100, 100]);

        var result = new ClusterSimulation(Simulations.OneImage, trace, TwoNodes, setup, Cost).Run();

        // The holder scores 10 x 1 x 10 = 100 from the extender, more than least-allocated's 25 a busy slot: the three
        // land on it too, and the image is pulled once.
        Assert.Equal(1_000_000, result.OnDemandBytes);
    }

    [Fact]
    public void Run_LayerExtender_APulledImageCountsFromTheEndOfItsPull_NotFromTheEndOfItsPod()
    {
        var setup = new PolicySetup("layer", new LayerCacheScorer(), new LruEvictionPolicy(), Role: SchedulerRole.Extender);

        // The first pod's pull (1 MB at 10 MB/s, about 0.12 s) ends long before the second pod arrives at 1 s, while the
        // first still runs: a real node's agent has reported the image by then, so the second goes where it is.
        var result = new ClusterSimulation(Simulations.OneImage, FourPods, TwoNodes, setup, Cost).Run();

        Assert.Equal(1_000_000, result.OnDemandBytes);
    }
}
