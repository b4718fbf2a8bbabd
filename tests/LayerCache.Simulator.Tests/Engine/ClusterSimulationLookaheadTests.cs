using LayerCache.Core.Model;
using LayerCache.Simulator.Engine;
using LayerCache.Simulator.Tests.Support;

namespace LayerCache.Simulator.Tests.Engine;

/// <summary>A request that fits on no node must not hold up the ones behind it, as kube-scheduler does not.</summary>
public sealed class ClusterSimulationLookaheadTests
{
    // The paper's fit: 2.504e-8 s a byte x size + 0.3674 s.
    private const double BigPull = (2.504e-8 * 700_000_000) + 0.3674; // 17.8954 s
    private const double SmallPull = (2.504e-8 * 50_000_000) + 0.3674; // 1.6194 s

    private static readonly IReadOnlyList<ContainerImage> Images =
    [
        new ContainerImage("example.test/big-1:v1", [TestLayers.Layer(1, 700_000_000)]),
        new ContainerImage("example.test/big-2:v1", [TestLayers.Layer(2, 700_000_000)]),
        new ContainerImage("example.test/small:v1", [TestLayers.Layer(3, 50_000_000)]),
    ];

    // One node of 1.024e9 bytes with two slots: big-1 running pins 700 MB, so big-2 cannot fit until it ends.
    private static readonly ClusterSettings OneNode = new() { Nodes = 1, SlotsPerNode = 2, StorageGigabytes = 1, DurationSeconds = 10 };

    [Fact]
    public void Run_HeadFitsNowhere_LaterRequestThatFitsStartsAtOnce()
    {
        var trace = RequestTrace.From([0, 1, 2], [0, 1, 2], [100, 1, 1]);

        var result = Simulations.Run(Images, trace, OneNode, Simulations.Agnostic);

        // big-1 pulls at once; small starts at 2 s beside it; big-2 waits until big-1 ends (pull + 100 s run), evicts it and pulls.
        var big1 = BigPull;
        var small = SmallPull;
        var big2 = BigPull + 100 + BigPull - 1;
        Assert.Equal((big1 + small + big2) / 3, result.MeanSeconds, 9);
        Assert.Equal(big1, result.P50Seconds, 9);
        Assert.Equal(big2, result.P99Seconds, 9);
        Assert.Equal(1, result.Evictions);
    }

    [Fact]
    public void From_ArrivalsOutOfOrder_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => RequestTrace.From([2, 1], [0, 0], [1, 1]));
        Assert.Contains("request 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_MismatchedLengths_Throws() =>
        Assert.Throws<ArgumentException>(() => RequestTrace.From([0, 1], [0], [1, 1]));
}
