using LayerCache.Core.Costs;
using LayerCache.Core.Eviction;
using LayerCache.Core.Model;
using LayerCache.Core.Popularity;
using LayerCache.Core.Prefetch;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Prefetch;

/// <summary>
/// A node of 100 MB with its low watermark at 50 MB, already at it: prefetch must displace to fetch anything.
/// hot 20 MB x 10 requests: 4.341e-7 a byte; warm 20 MB x 5: 2.1705e-7 (paper costs, no other holders).
/// </summary>
public sealed class PrefetchPlannerDisplacementTests
{
    private const long MB = Build.MB;
    private readonly ManualTimeProvider _time = new();
    private readonly ClusterView _cluster = new();
    private readonly PopularityTracker _popularity;
    private readonly EvictionContext _context;
    private readonly ClusterAwareEvictionPolicy _policy = new();
    private readonly PrefetchPlanner _planner = new(new PrefetchPlannerOptions { MinRequestsPerReplica = 0 });
    private readonly Layer _hot = Build.Layer(1, 20 * MB);
    private readonly Layer _warm = Build.Layer(2, 20 * MB);
    private readonly NodeCache _node;

    public PrefetchPlannerDisplacementTests()
    {
        _popularity = new PopularityTracker(TimeSpan.FromHours(1), _time);
        _context = new EvictionContext(PaperPullCostModel.Instance, _popularity, _cluster);
        _popularity.Record(Build.Image("hot", _hot), 10);
        _popularity.Record(Build.Image("warm", _warm), 5);
        _node = _cluster.Add(Build.Node("n0", 100 * MB, _time, high: 0.9, low: 0.5));
    }

    [Fact]
    public void Plan_StaleBlobWorthNothing_IsDisplacedOnce()
    {
        _node.AddLayer(Build.Layer(9, 50 * MB)); // never requested: worth 0

        var orders = _planner.Plan(_cluster, _popularity, _policy, _context);

        Assert.Equal([_hot, _warm], orders.Select(o => o.Layer));
        var victim = Assert.Single(orders[0].Displace);
        Assert.Equal(Build.Digest(9), victim.Candidate.Layer!.Value.Digest);
        Assert.Equal(50 * MB, victim.FreedBytes);
        Assert.Empty(orders[1].Displace); // the 30 MB left from the stale blob hold warm
    }

    [Fact]
    public void Plan_VictimWorthMore_IsNotDisplaced()
    {
        var gold = Build.Layer(10, 50 * MB);
        _node.AddImage(Build.Image("gold", gold));
        _popularity.Record(Build.Image("gold", gold), 100); // 100 x 1.6194 / 5e7 = 3.2388e-6 > hot's 4.341e-7

        Assert.Empty(_planner.Plan(_cluster, _popularity, _policy, _context));
    }

    [Fact]
    public void Plan_CheapVictimThenDearOne_DisplacesOnlyTheCheap()
    {
        _node.AddLayer(Build.Layer(9, 25 * MB));                  // worth 0
        var gold = Build.Layer(10, 25 * MB);
        _node.AddImage(Build.Image("gold", gold));
        _popularity.Record(Build.Image("gold", gold), 100);       // 100 x 0.9934 / 2.5e7 = 3.9736e-6

        var orders = _planner.Plan(_cluster, _popularity, _policy, _context);

        // hot fits in the 25 MB the blob frees; warm would need gold to go, and gold is worth more.
        var order = Assert.Single(orders);
        Assert.Equal(_hot, order.Layer);
        Assert.Equal([Build.Digest(9)], order.Displace.Select(v => v.Candidate.Layer!.Value.Digest));
        Assert.True(_node.Contains(gold.Digest));
    }

    [Fact]
    public void Plan_VictimInUse_IsNeverOffered()
    {
        _node.AddImage(Build.Image("running", Build.Layer(11, 50 * MB)));
        _node.Pin("running");

        Assert.Empty(_planner.Plan(_cluster, _popularity, _policy, _context)); // the running image is worth 0 but pinned
    }

    // A layer too big for the room and what may be displaced does not stop the smaller ones after it.
    [Fact]
    public void Plan_TooBigFirstLayer_StillFillsFreeRoomWithSmallerOnes()
    {
        var big = Build.Layer(12, 60 * MB);
        _popularity.Record(Build.Image("big", big), 1000); // 1000 x 1.8698 / 6e7 = 3.1163e-5: first choice, but > 50 MB

        var orders = _planner.Plan(_cluster, _popularity, _policy, _context);

        Assert.Equal([_hot, _warm], orders.Select(o => o.Layer));
    }
}
