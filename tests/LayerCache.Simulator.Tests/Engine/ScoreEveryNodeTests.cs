using LayerCache.Core.Costs;
using LayerCache.Core.Eviction;
using LayerCache.Core.Scoring;
using LayerCache.Simulator.Engine;
using LayerCache.Simulator.Tests.Support;

namespace LayerCache.Simulator.Tests.Engine;

/// <summary>
/// Scoring every node (the default) places exactly as the simulator did before placement could sample nodes and before
/// arrivals were queued one at a time: the values are those that engine gave for the same runs, to the last digit.
/// </summary>
public sealed class ScoreEveryNodeTests
{
    public static TheoryData<string, double, long, long> PaperPolicies() => new()
    {
        { "agnostic", 7.904956486315368, 127370951441, 372 },
        { "layer", 5.917418601955633, 47189040431, 66 },
        { "image", 4.505186909339982, 52985131032, 28 },
        { "layercache", 4.531898305664508, 40884303195, 44 },
    };

    [Theory]
    [MemberData(nameof(PaperPolicies))]
    public void Run_Default_SameAsBeforeSampling(string policy, double meanSeconds, long onDemandBytes, long evictions)
    {
        var setup = policy switch
        {
            "agnostic" => Simulations.Agnostic,
            "layer" => Simulations.Layer,
            "image" => new PolicySetup("image", new ImagePresenceScorer(), new LruEvictionPolicy()),
            _ => new PolicySetup("layercache", new LayerCacheScorer(), new ClusterAwareEvictionPolicy(), Prefetch: true),
        };

        var result = Simulations.Run(Simulations.RankedShippedCorpus(), Simulations.Small, setup);

        Assert.Equal(100, Simulations.Small.NodesToScorePercent);
        Assert.Equal(meanSeconds, result.MeanSeconds);
        Assert.Equal(onDemandBytes, result.OnDemandBytes);
        Assert.Equal(evictions, result.Evictions);
    }

    [Fact]
    public void Run_DefaultAsKubeSchedulerWithTheExtender_SameAsBeforeSampling()
    {
        var ranked = Simulations.RankedShippedCorpus();
        var settings = Simulations.Small with { ExtenderWeight = 1 };
        var setup = new PolicySetup("layer", new LayerCacheScorer(), new LruEvictionPolicy(), Role: SchedulerRole.Extender);

        var result = new ClusterSimulation(ranked, RequestTrace.Generate(ranked.Count, settings), settings, setup, new BandwidthPullCostModel(10e6, 100e6, 0.01)).Run();

        Assert.Equal(27.999304473277487, result.MeanSeconds);
        Assert.Equal(76195301156, result.OnDemandBytes);
        Assert.Equal(153, result.Evictions);
    }

    [Fact]
    public void Run_DefaultWithPeerFetch_SameAsBeforeSampling()
    {
        var ranked = Simulations.RankedShippedCorpus();
        var settings = Simulations.Small with { NodesPerSite = 5 };
        var setup = new PolicySetup("layercache+peer", new LayerCacheScorer(), new ClusterAwareEvictionPolicy(), Prefetch: true, PeerFetch: true);
        var cost = new SitePullCostModel(PaperPullCostModel.Instance, new BandwidthPullCostModel(125e6, 119e6, 0.01));

        var result = new ClusterSimulation(ranked, RequestTrace.Generate(ranked.Count, settings), settings, setup, cost).Run();

        Assert.Equal(5.584332623453188, result.MeanSeconds);
        Assert.Equal(45527303573, result.OnDemandBytes);
        Assert.Equal(3215115927, result.PeerBytes);
        Assert.Equal(48, result.Evictions);
    }
}
