using LayerCache.Core.Costs;
using LayerCache.Core.Eviction;
using LayerCache.Core.Model;
using LayerCache.Core.Popularity;
using LayerCache.Core.Prefetch;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Prefetch;

/// <summary>
/// Popular single-layer images, paper costs, no other holders. Density = requests x seconds / bytes:
/// hot 20 MB x 10: 10 x 0.8682 / 2e7 = 4.341e-7; warm 20 MB x 5: 2.1705e-7; small 5 MB x 2: 2 x 0.4926 / 5e6 = 1.9704e-7;
/// cool 20 MB x 3: 1.3023e-7. So the planner wants them in the order hot, warm, small, cool.
/// </summary>
public sealed class PrefetchPlannerTests
{
    private const long MB = Build.MB;
    private const double Tolerance = 1e-15;
    /// <summary>Defaults, but any extra copy is worth making: the replica threshold has its own test.</summary>
    private static readonly PrefetchPlannerOptions Options = new() { MinRequestsPerReplica = 0 };
    private readonly ManualTimeProvider _time = new();
    private readonly ClusterView _cluster = new();
    private readonly PopularityTracker _popularity;
    private readonly EvictionContext _context;
    private readonly ClusterAwareEvictionPolicy _policy = new();
    private readonly Layer _hot = Build.Layer(1, 20 * MB);
    private readonly Layer _warm = Build.Layer(2, 20 * MB);
    private readonly Layer _small = Build.Layer(3, 5 * MB);
    private readonly Layer _cool = Build.Layer(4, 20 * MB);

    public PrefetchPlannerTests()
    {
        _popularity = new PopularityTracker(TimeSpan.FromHours(1), _time);
        _context = new EvictionContext(PaperPullCostModel.Instance, _popularity, _cluster);
        Request(_hot, 10);
        Request(_warm, 5);
        Request(_small, 2);
        Request(_cool, 3);
    }

    [Fact]
    public void Plan_EmptyNode_FillsRoomBelowLowWatermarkMostValuableFirst()
    {
        _cluster.Add(Build.Node("n0", 100 * MB, _time, high: 0.9, low: 0.5)); // 50 MB of room

        var orders = Plan(Options);

        // hot (30 MB left), warm (10 left), small (5 left); cool (20 MB) does not fit and nothing can be displaced.
        Assert.Equal([_hot, _warm, _small], orders.Select(o => o.Layer));
        Assert.All(orders, o => Assert.Equal("n0", o.NodeName));
        Assert.All(orders, o => Assert.Empty(o.Displace));
        Assert.Equal(4.341e-7, orders[0].Priority, Tolerance);
        Assert.Equal(2.1705e-7, orders[1].Priority, Tolerance);
        Assert.Equal(1.9704e-7, orders[2].Priority, Tolerance);
    }

    [Fact]
    public void Plan_ByteBudget_SkipsLayersOverWhatIsLeft()
    {
        _cluster.Add(Build.Node("n0", 100 * MB, _time, high: 0.9, low: 0.5));

        var orders = Plan(Options with { MaxBytesPerNodePerRound = 30 * MB });

        // hot leaves 10 MB of budget: warm (20) skipped, small (5) taken, cool (20) skipped.
        Assert.Equal([_hot, _small], orders.Select(o => o.Layer));
    }

    [Fact]
    public void Plan_LayerCountLimit_StopsThere()
    {
        _cluster.Add(Build.Node("n0", 100 * MB, _time, high: 0.9, low: 0.5));

        Assert.Equal([_hot, _warm], Plan(Options with { MaxLayersPerNodePerRound = 2 }).Select(o => o.Layer));
        Assert.Empty(Plan(Options with { MaxLayersPerNodePerRound = 0 }));
    }

    [Fact]
    public void Plan_LayerHeldOrAlreadyOrdered_IsSkipped()
    {
        var node = _cluster.Add(Build.Node("n0", 100 * MB, _time, high: 0.9, low: 0.5));
        node.AddLayer(_hot); // 30 MB of room left

        var orders = new PrefetchPlanner(Options)
            .Plan(_cluster, _popularity, _policy, _context, (n, d) => n == node && d == _warm.Digest);

        Assert.Equal([_small, _cool], orders.Select(o => o.Layer)); // 30 - 5 - 20 = 5 MB left
    }

    [Fact]
    public void Plan_RequestThresholdAndCandidateCount_LimitTheLayers()
    {
        _cluster.Add(Build.Node("n0", 100 * MB, _time, high: 0.9, low: 0.5));

        Assert.Equal([_hot, _warm], Plan(Options with { MinLayerRequests = 3 }).Select(o => o.Layer)); // small has 2
        Assert.Equal([_hot], Plan(Options with { CandidateLayers = 1 }).Select(o => o.Layer));
        Assert.Empty(Plan(Options with { MinLayerRequests = 11 }));
    }

    [Fact]
    public void Plan_LayerHandedOutThisRound_IsWorthLessToTheNextNode()
    {
        Request(_warm, 1); // warm: 6 requests, 2.6046e-7
        _cluster.Add(Build.Node("n0", 40 * MB, _time, high: 0.9, low: 0.5)); // 20 MB of room each
        _cluster.Add(Build.Node("n1", 40 * MB, _time, high: 0.9, low: 0.5));

        var orders = Plan(Options);

        // n0 takes hot; for n1 hot has one holder: 4.341e-7 / 2 = 2.1705e-7 < warm's 2.6046e-7.
        Assert.Equal([("n0", _hot), ("n1", _warm)], orders.Select(o => (o.NodeName, o.Layer)));
        Assert.Equal(2.6046e-7, orders[1].Priority, Tolerance);
    }

    [Fact]
    public void Plan_ReplicaThreshold_RefusesCopiesFewRequestsWouldUse()
    {
        _cluster.Add(Build.Node("n0", 100 * MB, _time, high: 0.9, low: 0.5));
        _cluster.Add(Build.Node("n1", 100 * MB, _time, high: 0.9, low: 0.5));

        var orders = Plan(Options with { MinRequestsPerReplica = 6 });

        // hot: 10 / (0 + 1) = 10 >= 6 on n0; once n0 has it, 10 / (1 + 1) = 5 < 6 on n1. warm: 5 / 1 < 6 anywhere.
        Assert.Equal([("n0", _hot)], orders.Select(o => (o.NodeName, o.Layer)));
        Assert.Equal(32, new PrefetchPlannerOptions().MinRequestsPerReplica);
    }

    [Fact]
    public void Options_Negative_FailValidation()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrefetchPlanner(new PrefetchPlannerOptions { CandidateLayers = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrefetchPlanner(new PrefetchPlannerOptions { MinLayerRequests = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrefetchPlanner(new PrefetchPlannerOptions { MinRequestsPerReplica = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrefetchPlanner(new PrefetchPlannerOptions { MaxBytesPerNodePerRound = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrefetchPlanner(new PrefetchPlannerOptions { MaxLayersPerNodePerRound = -1 }));
    }

    private IReadOnlyList<PrefetchOrder> Plan(PrefetchPlannerOptions options) =>
        new PrefetchPlanner(options).Plan(_cluster, _popularity, _policy, _context);

    private void Request(Layer layer, int times) =>
        _popularity.Record(Build.Image($"image-{layer.Digest.ToShortString()}", layer), times);
}
