using LayerCache.Core.Costs;
using LayerCache.Core.Eviction;
using LayerCache.Core.Model;
using LayerCache.Core.Scoring;
using LayerCache.Simulator.Engine;
using LayerCache.Simulator.Tests.Support;

namespace LayerCache.Simulator.Tests.Engine;

/// <summary>The site's shared uplink as fair sharing, worked by hand on a 1 MB/s link.</summary>
public sealed class FairShareUplinkTests
{
    private const double RequestSeconds = 0.5;
    private const double UnpackBytesPerSecond = 10e6;

    private static readonly ClusterSettings TwoNodes = new() { Nodes = 2, SlotsPerNode = 1, StorageGigabytes = 1, DurationSeconds = 10 };

    private static readonly PolicySetup Agnostic = new("agnostic", new AgnosticScorer(), new LruEvictionPolicy());

    private static readonly BandwidthPullCostModel OneMegabyteASecond = new(1e6, UnpackBytesPerSecond, RequestSeconds);

    [Fact]
    public void Complete_TwoFlowsAtOnce_ShareTheLinkUntilTheSmallerEnds()
    {
        var link = new FairShareUplink(1e6);
        var small = link.Start(0, 1_000_000);
        var large = link.Start(0, 3_000_000);

        // Both at 0.5 MB/s: the small one ends at 2 s, having let the large one have 1 MB; its last 2 MB take 2 s alone.
        Assert.Equal(2.0, link.NextCompletion()!.Value, 9);
        Assert.Equal([small], link.Complete(2.0));
        Assert.Equal(4.0, link.NextCompletion()!.Value, 9);
        Assert.Equal([large], link.Complete(4.0));
        Assert.Null(link.NextCompletion());
    }

    [Fact]
    public void Start_LaterFlow_SlowsTheOneUnderWay()
    {
        var link = new FairShareUplink(1e6);
        var first = link.Start(0, 2_000_000);
        Assert.Equal(2.0, link.NextCompletion()!.Value, 9);

        // At 1 s the first has 1 MB left; a second flow of 1 MB halves its rate, so both end at 3 s.
        var second = link.Start(1, 1_000_000);

        Assert.Equal(3.0, link.NextCompletion()!.Value, 9);
        Assert.Equal([first, second], link.Complete(3.0).Order());
        Assert.Equal(0, link.ActiveFlows);
    }

    [Fact]
    public void Start_WeightedFlow_GetsItsShare()
    {
        var link = new FairShareUplink(1e6);
        link.Start(0, 3_000_000, weight: 3);
        link.Start(0, 1_000_000);

        // 0.75 and 0.25 MB/s: both would end at 4 s.
        Assert.Equal(4.0, link.NextCompletion()!.Value, 9);
        Assert.Equal(2.0, link.RemainingSeconds(0, 2.0), 9);
    }

    [Fact]
    public void Run_TwoPullsAtOnce_ShareTheLink()
    {
        IReadOnlyList<ContainerImage> images =
        [
            new ContainerImage("example.test/a:v1", [TestLayers.Layer(1, 10_000_000)]),
            new ContainerImage("example.test/b:v1", [TestLayers.Layer(2, 10_000_000)]),
        ];
        var bothAtOnce = RequestTrace.From([0, 0], [0, 1], [100, 100]);

        var apart = new ClusterSimulation(images, bothAtOnce, TwoNodes, Agnostic, OneMegabyteASecond).Run();
        var shared = new ClusterSimulation(images, bothAtOnce, TwoNodes with { SharedUplink = true }, Agnostic, OneMegabyteASecond).Run();

        // Own links: each pull is 0.5 s request + 10 s download + 1 s unpack.
        Assert.Equal(11.5, apart.MeanSeconds, 9);

        // One link: both download at 0.5 MB/s and end at 20 s, then each pays its request latency and unpacks.
        Assert.Equal(21.5, shared.MeanSeconds, 9);
    }

    [Fact]
    public void Run_SmallPullBesideALargeOne_IsNotQueuedBehindIt()
    {
        IReadOnlyList<ContainerImage> images =
        [
            new ContainerImage("example.test/large:v1", [TestLayers.Layer(1, 20_000_000)]),
            new ContainerImage("example.test/small:v1", [TestLayers.Layer(2, 1_000_000)]),
        ];
        var largeThenSmall = RequestTrace.From([0, 0.001], [0, 1], [100, 100]);

        var shared = new ClusterSimulation(images, largeThenSmall, TwoNodes with { SharedUplink = true }, Agnostic, OneMegabyteASecond).Run();

        // The small pull shares the link from its arrival: its 1 MB at 0.5 MB/s is in at 2.001 s, not after the large
        // one's 20 MB; with 0.5 s of request and 0.1 s of unpack it starts 2.6 s after arriving. The large one has 1 kB
        // alone, 1 MB beside it, then its last 18.999 MB alone: in at 21 s, started at 23.5 s. Queued behind the large
        // one instead, the small one would have started after 21 s.
        Assert.Equal((2.6 + 23.5) / 2, shared.MeanSeconds, 6);
    }

    [Fact]
    public void Run_PullNeedingALayerAnotherPullOnTheNodeFetches_WaitsForIt()
    {
        var shared = TestLayers.Layer(1, 4_000_000);
        IReadOnlyList<ContainerImage> images =
        [
            new ContainerImage("example.test/a:v1", [shared]),
            new ContainerImage("example.test/b:v1", [shared, TestLayers.Layer(2, 1_000_000)]),
        ];
        var oneNode = new ClusterSettings { Nodes = 1, SlotsPerNode = 2, StorageGigabytes = 1, DurationSeconds = 10, SharedUplink = true };
        var trace = RequestTrace.From([0, 1], [0, 1], [100, 100]);

        var result = new ClusterSimulation(images, trace, oneNode, Agnostic, OneMegabyteASecond).Run();

        // a's 4 MB: 1 MB alone by 1 s, 1 MB beside b's by 3 s, the last 2 MB alone by 5 s; + 0.5 s + 0.4 s: a starts at
        // 5.9 s. b's own 1 MB is in at 3 s and unpacked at 3.6 s, but the layer a is fetching is ready only at 5.9 s,
        // so b starts then, 4.9 s after arriving.
        Assert.Equal((5.9 + 4.9) / 2, result.MeanSeconds, 6);
    }

    [Fact]
    public void Constructor_SharedUplinkWithoutBandwidthModel_Throws()
    {
        IReadOnlyList<ContainerImage> images = [new ContainerImage("example.test/a:v1", [TestLayers.Layer(1, 1_000)])];

        Assert.Throws<ArgumentException>(() => new ClusterSimulation(images, RequestTrace.From([0], [0], [1]), TwoNodes with { SharedUplink = true }, Agnostic, PaperPullCostModel.Instance));
    }
}
