using LayerCache.Core.Costs;
using LayerCache.Core.Eviction;
using LayerCache.Core.Model;
using LayerCache.Core.Prefetch;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Prefetch;

/// <summary>Prefetch rounds over random clusters and popularity, the orders applied between workload steps.</summary>
public sealed class PrefetchPropertyTests
{
    private const int Rounds = 20;
    private const int StepsPerRound = 30;

    public static TheoryData<string, int> Cases => Policies.WithSeeds(5);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Plan_RandomClusters_NeverDisplacesMoreValuableThanItBrings(string policy, int seed)
    {
        var w = new CacheWorkload(seed, Policies.Named(policy), nodeCount: 5);
        var random = new Random(seed * 7919);
        var context = new EvictionContext(PaperPullCostModel.Instance, w.Popularity, w.Cluster);
        var (ordered, displaced) = (0, 0);
        for (var round = 0; round < Rounds; round++)
        {
            for (var step = 0; step < StepsPerRound; step++)
            {
                w.Step();
            }

            var options = RandomOptions(random);
            var skip = round % 3;
            bool AlreadyOrdered(NodeCache n, Digest d) => (n.Id + d.Hex[^1] + skip) % 4 == 0;

            var orders = new PrefetchPlanner(options).Plan(w.Cluster, w.Popularity, w.Policy, context, AlreadyOrdered);

            foreach (var order in orders)
            {
                Assert.True(w.Cluster.TryGetNode(order.NodeName, out var node));
                Assert.False(node.Contains(order.Layer.Digest));
                Assert.False(AlreadyOrdered(node, order.Layer.Digest));
                foreach (var victim in order.Displace)
                {
                    var density = LayerValue.DensityOnNode(victim.FreedLayers, node, context);
                    Assert.True(density < order.Priority, $"round {round}: displaced {victim.Candidate.Name} worth {density} for {order.Priority}");
                    Assert.False(victim.Candidate.Image?.InUse ?? false);
                    Assert.All(victim.FreedLayers, l => Assert.False(l.InUse));
                }
            }

            foreach (var group in orders.GroupBy(o => o.NodeName))
            {
                Assert.True(w.Cluster.TryGetNode(group.Key, out var node));
                var layers = group.Select(o => o.Layer).ToList();
                var victims = group.SelectMany(o => o.Displace).ToList();
                Assert.Equal(layers.Count, layers.DistinctBy(l => l.Digest).Count());
                Assert.True(layers.Count <= options.MaxLayersPerNodePerRound);
                Assert.True(layers.Sum(l => l.SizeBytes) <= options.MaxBytesPerNodePerRound);

                // Apply the orders: what goes is exactly what was planned, and usage ends at most at the low
                // watermark, or where it was when it was already above it.
                var before = node.UsedBytes;
                Assert.Equal(victims.Sum(v => v.FreedBytes), CacheEvictor.Apply(node, w.Policy, victims));
                foreach (var layer in layers)
                {
                    node.AddLayer(layer);
                }

                Assert.True(node.UsedBytes <= Math.Max(node.LowWatermarkBytes, before), $"round {round}: {node} above low watermark");
                ordered += layers.Count;
                displaced += victims.Count;
            }
        }

        Assert.True(ordered > 0, "no prefetch was ever ordered");
        Assert.True(displaced > 0, "no prefetch ever displaced anything");
    }

    private static PrefetchPlannerOptions RandomOptions(Random random) => new()
    {
        CandidateLayers = random.Next(1, 41),
        MinLayerRequests = random.NextDouble() * 2,
        MinRequestsPerReplica = random.NextDouble() * 2,
        MaxBytesPerNodePerRound = random.Next(500_000, 10_000_000),
        MaxLayersPerNodePerRound = random.Next(1, 6),
    };
}
