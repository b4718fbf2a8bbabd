using LayerCache.Core.Costs;
using LayerCache.Simulator.Engine;
using LayerCache.Simulator.Experiments;
using LayerCache.Simulator.Tests.Support;

namespace LayerCache.Simulator.Tests.Engine;

/// <summary>Wait, transfer, unpack and start add up to the mean start-up, whichever way pulls are modelled.</summary>
public sealed class StartSplitTests
{
    private static readonly SitePullCostModel Site = new(new BandwidthPullCostModel(1e9 / 8, 119e6, 0.118), new BandwidthPullCostModel(10e9 / 8, 119e6, 0.01));

    public static TheoryData<string, bool, double> Runs => new()
    {
        { "agnostic", false, 0 },
        { "layercache", false, 0.5 },
        { "layercache", true, 0 },
        { "layercache+unpack", true, 0.5 },
        { "layercache+peer", true, 0 },
        { "spegel", false, 0 },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void Run_ShippedCorpus_SplitAddsUpToTheStartUp(string policy, bool sharedUplink, double startSeconds)
    {
        var settings = Simulations.Small with { SharedUplink = sharedUplink, NodesPerSite = 10, ContainerStartSeconds = startSeconds };
        var setup = PolicySets.Named([policy], new() { MinRequestsPerReplica = 1, MinImageRequestsPerNode = 1 })[0];

        var result = new ClusterSimulation(Simulations.RankedShippedCorpus(), RequestTrace.Generate(137, settings), settings, setup, Site).Run();

        var sum = result.MeanWaitSeconds + result.MeanTransferSeconds + result.MeanUnpackSeconds + result.MeanStartSeconds;
        Assert.Equal(result.MeanSeconds, sum, 9);
        Assert.Equal(startSeconds, result.MeanStartSeconds, 12);
        Assert.True(result.MeanWaitSeconds >= result.MeanQueueSeconds - 1e-9, "the wait includes the queue");
        Assert.True(result.MeanTransferSeconds > 0 && result.MeanUnpackSeconds > 0, "a bandwidth model prices both parts");
    }

    [Fact]
    public void Run_PaperModel_AllTransferNoUnpack()
    {
        var result = Simulations.Run(Simulations.RankedShippedCorpus(), Simulations.Small, Simulations.Layer);

        Assert.Equal(0, result.MeanUnpackSeconds);
        Assert.Equal(result.MeanSeconds, result.MeanWaitSeconds + result.MeanTransferSeconds, 9);
    }
}
