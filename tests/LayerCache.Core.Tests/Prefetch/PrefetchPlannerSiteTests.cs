using LayerCache.Core.Costs;
using LayerCache.Core.Eviction;
using LayerCache.Core.Model;
using LayerCache.Core.Popularity;
using LayerCache.Core.Prefetch;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Prefetch;

/// <summary>
/// Two sites of two nodes (a0, a1 | b0, b1); a hot layer asked for 40 times, held on a0 only; a bar of 16 requests a
/// copy. Without sites the next copy goes to the first node that lacks it (a1: 40 / 2 = 20); seeding each site first,
/// site b's first node gets it (its share 40 x 2/4 = 20), and a1's extra copy (then 40 / 3 = 13.3) is no longer worth it.
/// </summary>
public sealed class PrefetchPlannerSiteTests
{
    private const long MB = Build.MB;
    private static readonly PrefetchPlannerOptions Options = new() { MinRequestsPerReplica = 16 };
    private readonly ManualTimeProvider _time = new();
    private readonly ClusterView _cluster = new();
    private readonly PopularityTracker _popularity;
    private readonly EvictionContext _context;
    private readonly Layer _hot = Build.Layer(1, 20 * MB);

    public PrefetchPlannerSiteTests()
    {
        _popularity = new PopularityTracker(TimeSpan.FromHours(1), _time);
        _context = new EvictionContext(PaperPullCostModel.Instance, _popularity, _cluster);
        foreach (var (name, site) in new[] { ("a0", "a"), ("a1", "a"), ("b0", "b"), ("b1", "b") })
        {
            _cluster.Add(new NodeCache(name, 100 * MB, 0.9, 0.5, _time) { Site = site });
        }

        _cluster.Nodes[0].AddLayer(_hot, LayerState.Unpacked);
        _popularity.Record(Build.Image("hot", _hot), 40);
    }

    [Fact]
    public void Plan_WithoutSites_CopiesOntoTheFirstNodeThatLacksIt()
    {
        var orders = Plan(Options);

        Assert.Equal(["a1"], orders.Select(o => o.NodeName));
    }

    [Fact]
    public void Plan_SeedEachSiteFirst_CopiesIntoTheSiteThatLacksIt()
    {
        var orders = Plan(Options with { SeedEachSiteFirst = true });

        Assert.Equal(["b0"], orders.Select(o => o.NodeName));
        Assert.Equal(_hot, orders[0].Layer);
    }

    [Fact]
    public void Plan_SeedEachSiteFirst_ThenMoreCopiesWhereTheBarAllows()
    {
        // 120 requests: site b's seed (60), then extra copies while 120 / (holders + 1) >= 16 (up to 7 holders: all four).
        _popularity.Record(Build.Image("hot", _hot), 80);

        var orders = Plan(Options with { SeedEachSiteFirst = true });

        Assert.Equal(["b0", "a1", "b1"], orders.Select(o => o.NodeName));
    }

    [Fact]
    public void Plan_SeedEachSiteFirst_SiteShareBelowTheBar_NoSeed()
    {
        var orders = Plan(Options with { SeedEachSiteFirst = true, MinRequestsPerReplica = 21 }); // share 20 < 21

        Assert.Empty(orders);
    }

    [Fact]
    public void Plan_SeedEachSiteFirst_SiteFetchingIt_CountsAsHeld()
    {
        _cluster.Nodes[3].AddLayer(_hot, LayerState.Fetching);

        var orders = Plan(Options with { SeedEachSiteFirst = true, MinRequestsPerReplica = 13 });

        // Both sites hold it: extra copies by the cluster-wide bar, 40 / 3 = 13.3 then 40 / 4 = 10.
        Assert.Equal(["a1"], orders.Select(o => o.NodeName));
    }

    private IReadOnlyList<PrefetchOrder> Plan(PrefetchPlannerOptions options) =>
        new PrefetchPlanner(options).Plan(_cluster, _popularity, new ClusterAwareEvictionPolicy(), _context);
}
