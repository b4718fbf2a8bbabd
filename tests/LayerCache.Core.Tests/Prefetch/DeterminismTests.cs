using LayerCache.Core.Costs;
using LayerCache.Core.Eviction;
using LayerCache.Core.Prefetch;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Prefetch;

/// <summary>Eviction and prefetch decide only from their inputs: the same seed gives the same run.</summary>
public sealed class DeterminismTests
{
    [Theory]
    [InlineData("lru", 11)]
    [InlineData("lfu", 12)]
    [InlineData("gdsf", 13)]
    [InlineData("clusteraware", 14)]
    public void Run_SameSeed_SameEvictionsAndOrders(string policy, int seed)
    {
        var first = Run(policy, seed);
        var second = Run(policy, seed);

        Assert.Equal(first, second);
        Assert.NotEqual(first, Run(policy, seed + 100));
        Assert.Contains(first, line => line.StartsWith("order ", StringComparison.Ordinal));
    }

    private static List<string> Run(string policy, int seed)
    {
        var w = new CacheWorkload(seed, Policies.Named(policy), nodeCount: 4);
        var context = new EvictionContext(PaperPullCostModel.Instance, w.Popularity, w.Cluster);
        var planner = new PrefetchPlanner(new PrefetchPlannerOptions { MinLayerRequests = 1, MinRequestsPerReplica = 0.5 });
        var lines = new List<string>();
        for (var round = 0; round < 10; round++)
        {
            for (var step = 0; step < 40; step++)
            {
                w.Step();
            }

            foreach (var order in planner.Plan(w.Cluster, w.Popularity, w.Policy, context))
            {
                var displaced = string.Join(",", order.Displace.Select(v => v.Candidate.Name));
                lines.Add($"order {order.NodeName} {order.Layer.Digest.ToShortString()} {order.Priority:R} [{displaced}]");
            }
        }

        lines.AddRange(w.Trace);
        return lines;
    }
}
