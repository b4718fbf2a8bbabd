using LayerCache.Core.Costs;
using LayerCache.Core.Eviction;
using LayerCache.Core.Model;
using LayerCache.Core.Popularity;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Eviction;

/// <summary>
/// n0 holds "common" (also on n1 and n2) and "rare" (only on n0), 100 bytes each, used once each, rare less recently.
/// A 100-byte layer costs 1 + 100/50 = 3 s. Density = uses x 3 / (1 + other holders) / 100.
/// </summary>
public sealed class ClusterAwareEvictionPolicyTests
{
    private const int Precision = 12;
    private readonly ManualTimeProvider _time = new();
    private readonly ClusterView _cluster = new();
    private readonly BandwidthPullCostModel _cost = new(100, 100, 1);
    private readonly ClusterAwareEvictionPolicy _policy = new();
    private readonly ContainerImage _common = Build.Image("common", Build.Layer(1, 100));
    private readonly ContainerImage _rare = Build.Image("rare", Build.Layer(2, 100));
    private readonly NodeCache _n0;

    public ClusterAwareEvictionPolicyTests()
    {
        _n0 = _cluster.Add(Build.Node("n0", 1000, _time));
        _cluster.Add(Build.Node("n1", 1000, _time)).AddImage(_common);
        _cluster.Add(Build.Node("n2", 1000, _time)).AddImage(_common);
        _n0.AddImage(_rare);
        _n0.AddImage(_common);
        _time.Advance(TimeSpan.FromMinutes(1));
        _n0.Touch("rare");
        _time.Advance(TimeSpan.FromMinutes(1));
        _n0.Touch("common");
    }

    [Fact]
    public void Plan_LayerHeldElsewhere_GoesBeforeTheLastCopy()
    {
        var context = new EvictionContext(_cost, Cluster: _cluster);

        var ranked = CacheEvictor.Rank(_n0, _policy, context).ToList();

        Assert.Equal(["common", "rare"], ranked.Select(v => v.Candidate.Name)); // LRU would take rare first
        Assert.Equal(0.01, ranked[0].KeepValue, Precision); // 1 x 3 / 3 / 100
        Assert.Equal(0.03, ranked[1].KeepValue, Precision); // 1 x 3 / 1 / 100
        var victim = Assert.Single(CacheEvictor.Plan(_n0, _policy, context, 100));
        Assert.Equal("common", victim.Candidate.Name);
        Assert.Equal("clusteraware", _policy.Name);
    }

    [Fact]
    public void Plan_WithPopularity_ValuesLayersByRequests()
    {
        var popularity = new PopularityTracker(TimeSpan.FromHours(1), _time);
        popularity.Record(_rare);
        popularity.Record(_common, weight: 9);
        var context = new EvictionContext(_cost, popularity, _cluster);

        var ranked = CacheEvictor.Rank(_n0, _policy, context).ToList();

        Assert.Equal(["rare", "common"], ranked.Select(v => v.Candidate.Name));
        Assert.Equal(0.03, ranked[0].KeepValue, Precision); // 1 x 3 / 1 / 100
        Assert.Equal(0.09, ranked[1].KeepValue, Precision); // 9 x 3 / 3 / 100
    }

    [Fact]
    public void Rank_NoCluster_EqualValuesFallBackToRecency()
    {
        var context = new EvictionContext(_cost);

        var ranked = CacheEvictor.Rank(_n0, _policy, context).ToList();

        Assert.Equal(["rare", "common"], ranked.Select(v => v.Candidate.Name)); // both 0.03; rare used earlier
        Assert.All(ranked, v => Assert.Equal(0.03, v.KeepValue, Precision));
    }
}
