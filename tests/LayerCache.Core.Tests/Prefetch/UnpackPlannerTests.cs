using LayerCache.Core.Costs;
using LayerCache.Core.Model;
using LayerCache.Core.Popularity;
using LayerCache.Core.Prefetch;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Prefetch;

/// <summary>
/// Unpack ahead on nodes of 1 GB (low watermark 80%), unpacking at 50 MB/s, snapshots 2.3 times the compressed bytes.
/// "hot" (20 + 10 MB, 20 requests) saves 0.6 s a pod start for 69 MB of snapshots; "warm" (40 MB, 10 requests) 0.8 s
/// for 92 MB; "rare" (10 MB, 2 requests).
/// </summary>
public sealed class UnpackPlannerTests
{
    private const long MB = Build.MB;
    private const int Precision = 9;
    private static readonly PrefetchPlannerOptions Options = new() { UnpackAhead = true, MinImageRequestsPerNode = 8 };
    private static readonly BandwidthPullCostModel Cost = new(10 * MB, 50 * MB, 0.05);
    private readonly ManualTimeProvider _time = new();
    private readonly ClusterView _cluster = new();
    private readonly PopularityTracker _popularity;
    private readonly ContainerImage _hot = Build.Image("hot", Build.Layer(1, 20 * MB), Build.Layer(2, 10 * MB));
    private readonly ContainerImage _warm = Build.Image("warm", Build.Layer(3, 40 * MB));
    private readonly ContainerImage _rare = Build.Image("rare", Build.Layer(4, 10 * MB));

    public UnpackPlannerTests()
    {
        _popularity = new PopularityTracker(TimeSpan.FromHours(1), _time);
        Request(_hot, 20);
        Request(_warm, 10);
        Request(_rare, 2);
    }

    [Fact]
    public void Plan_ContentPresentAndManyRequests_UnpacksIt()
    {
        var node = Node("n0");
        HoldContent(node, _hot);

        var order = Assert.Single(Plan(Options));

        Assert.Equal("n0", order.NodeName);
        Assert.Same(_hot, order.Image);
        Assert.Equal(20, order.ExpectedRequests, Precision);
        Assert.Equal(0.6, order.UnpackSeconds, Precision);
        Assert.Equal(69 * MB, order.SnapshotBytes);
    }

    [Fact]
    public void Plan_RarelyUsed_IsNotUnpacked()
    {
        HoldContent(Node("n0"), _rare);

        Assert.Empty(Plan(Options));
        Assert.Single(Plan(Options with { MinImageRequestsPerNode = 2 }));
    }

    [Fact]
    public void Plan_Off_OrdersNothing()
    {
        HoldContent(Node("n0"), _hot);

        Assert.Empty(Plan(Options with { UnpackAhead = false }));
    }

    [Fact]
    public void Plan_AlreadyUnpacked_IsNotOrderedAgain()
    {
        var node = Node("n0");
        node.AddImage(_hot, LayerState.Unpacked);
        HoldContent(Node("n1"), _hot);

        var order = Assert.Single(Plan(Options));

        Assert.Equal("n1", order.NodeName);
    }

    [Fact]
    public void Plan_PartlyUnpacked_CountsOnlyTheRest()
    {
        var node = Node("n0");
        HoldContent(node, _hot);
        node.SetLayerState(Build.Digest(1), LayerState.Unpacked);

        var order = Assert.Single(Plan(Options));

        Assert.Equal(0.2, order.UnpackSeconds, Precision); // the 10 MB layer
        Assert.Equal(23 * MB, order.SnapshotBytes);
    }

    [Fact]
    public void Plan_OrderedAndNotYetDone_IsNotOrderedAgain()
    {
        HoldContent(Node("n0"), _hot);

        Assert.Empty(Plan(Options, alreadyOrdered: (n, i) => n.Name == "n0" && i.Reference == "hot"));
    }

    [Fact]
    public void Plan_ContentMissingALayer_IsLeftToTheLayerPrefetch()
    {
        var node = Node("n0");
        node.AddLayer(_hot.DistinctLayers[0], LayerState.Present);
        node.AddLayer(_hot.DistinctLayers[1], LayerState.Fetching);

        Assert.Empty(Plan(Options));
    }

    [Fact]
    public void Plan_RequestsSharedByHolders_EachBelowTheBar_NoOrder()
    {
        // 20 requests over three nodes holding the content: 6.7 each, under 8.
        HoldContent(Node("n0"), _hot);
        HoldContent(Node("n1"), _hot);
        HoldContent(Node("n2"), _hot);

        Assert.Empty(Plan(Options));
        Assert.Equal(3, Plan(Options with { MinImageRequestsPerNode = 6 }).Count);
    }

    [Fact]
    public void Plan_ByteCap_TakesTheMostValuablePerByteThenStops()
    {
        // Per snapshot byte: hot 20 x 0.6 / 69 MB = 1.74e-7; warm 10 x 0.8 / 92 MB = 8.7e-8. A cap of 100 MB fits one.
        var node = Node("n0");
        HoldContent(node, _hot);
        HoldContent(node, _warm);

        var orders = Plan(Options with { MaxUnpackBytesPerNodePerRound = 100 * MB });

        Assert.Equal([_hot], orders.Select(o => o.Image));
        Assert.Equal([_hot, _warm], Plan(Options).Select(o => o.Image));
    }

    [Fact]
    public void Plan_NoRoomBelowTheLowWatermark_NothingIsDisplaced()
    {
        var node = _cluster.Add(Build.Node("n0", 100 * MB, _time, high: 0.9, low: 0.8)); // 80 MB of room, 30 used
        HoldContent(node, _hot); // needs 69 MB more: 50 MB of room left

        Assert.Empty(Plan(Options));
        Assert.Single(Plan(Options with { UnpackedToCompressedRatio = 1 })); // 30 MB fits
    }

    [Fact]
    public void Plan_SameInputs_SameOrders()
    {
        foreach (var name in new[] { "n0", "n1" })
        {
            var node = Node(name);
            HoldContent(node, _hot);
            HoldContent(node, _warm);
        }

        var options = Options with { MinImageRequestsPerNode = 1 };
        Assert.Equal(
            Plan(options).Select(o => (o.NodeName, o.Image.Reference)),
            Plan(options).Select(o => (o.NodeName, o.Image.Reference)));
        Assert.Equal(
            [("n0", "hot"), ("n0", "warm"), ("n1", "hot"), ("n1", "warm")],
            Plan(options).Select(o => (o.NodeName, o.Image.Reference)));
    }

    [Fact]
    public void Options_BadRatio_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new UnpackPlanner(Options with { UnpackedToCompressedRatio = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new UnpackPlanner(Options with { UnpackedToCompressedRatio = double.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new UnpackPlanner(Options with { MaxUnpackBytesPerNodePerRound = -1 }));
    }

    private IReadOnlyList<UnpackOrder> Plan(PrefetchPlannerOptions options, Func<NodeCache, ContainerImage, bool>? alreadyOrdered = null) =>
        new UnpackPlanner(options).Plan(
            _cluster,
            _popularity,
            r => new[] { _hot, _warm, _rare }.FirstOrDefault(i => i.Reference == r),
            Cost,
            alreadyOrdered: alreadyOrdered);

    private NodeCache Node(string name) => _cluster.Add(Build.Node(name, 1000 * MB, _time, high: 0.9, low: 0.8));

    private static void HoldContent(NodeCache node, ContainerImage image)
    {
        foreach (var layer in image.DistinctLayers)
        {
            node.AddLayer(layer, LayerState.Present);
        }
    }

    private void Request(ContainerImage image, int times)
    {
        for (var i = 0; i < times; i++)
        {
            _popularity.Record(image);
        }
    }
}
