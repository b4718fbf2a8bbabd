using LayerCache.Core.Costs;
using LayerCache.Core.Eviction;
using LayerCache.Core.Model;
using LayerCache.Core.Scoring;
using LayerCache.Simulator.Engine;
using LayerCache.Simulator.Tests.Support;

namespace LayerCache.Simulator.Tests.Engine;

/// <summary>Two nodes pull two different 10 MB images at once over a 1 MB/s link: by hand, per-node links against one shared link.</summary>
public sealed class SharedUplinkTests
{
    private const double RequestSeconds = 0.5;
    private const double UnpackBytesPerSecond = 10e6;

    private static readonly IReadOnlyList<ContainerImage> TwoImages =
    [
        new ContainerImage("example.test/a:v1", [TestLayers.Layer(1, 10_000_000)]),
        new ContainerImage("example.test/b:v1", [TestLayers.Layer(2, 10_000_000)]),
    ];

    // Both arrive at 0 and run long, so each lands on its own node (one slot each) and both pulls overlap.
    private static readonly RequestTrace BothAtOnce = RequestTrace.From([0, 0], [0, 1], [100, 100]);

    private static readonly ClusterSettings TwoNodes = new() { Nodes = 2, SlotsPerNode = 1, StorageGigabytes = 1, DurationSeconds = 10 };

    [Fact]
    public void Download_QueuedBehindEarlierTransfer_EndsAfterBoth()
    {
        var uplink = new SharedUplink(1e6);

        Assert.Equal(3.0, uplink.Download(1, 2_000_000), 12);
        Assert.Equal(5.0, uplink.Download(2, 2_000_000), 12);
        Assert.Equal(12.0, uplink.Download(10, 2_000_000), 12);
    }

    [Fact]
    public void Run_TwoPullsAtOnce_SharedUplinkSerializesDownloads()
    {
        var cost = new BandwidthPullCostModel(1e6, UnpackBytesPerSecond, RequestSeconds);
        var setup = new PolicySetup("agnostic", new AgnosticScorer(), new LruEvictionPolicy());

        var apart = new ClusterSimulation(TwoImages, BothAtOnce, TwoNodes, setup, cost).Run();
        var shared = new ClusterSimulation(TwoImages, BothAtOnce, TwoNodes with { SharedUplink = true }, setup, cost).Run();

        // Own links: each pull is 0.5 s request + 10 s download + 1 s unpack.
        Assert.Equal(11.5, apart.MeanSeconds, 9);

        // One link: the first's bytes cross from 0 to 10 s, the second's from 10 to 20 s; each then pays its request
        // latency (0.5 s, beside the link) and unpacks (1 s).
        Assert.Equal((11.5 + 21.5) / 2, shared.MeanSeconds, 9);
    }

    [Fact]
    public void Constructor_SharedUplinkWithoutBandwidthModel_Throws()
    {
        var setup = new PolicySetup("agnostic", new AgnosticScorer(), new LruEvictionPolicy());

        Assert.Throws<ArgumentException>(() => new ClusterSimulation(TwoImages, BothAtOnce, TwoNodes with { SharedUplink = true }, setup, PaperPullCostModel.Instance));
    }
}
