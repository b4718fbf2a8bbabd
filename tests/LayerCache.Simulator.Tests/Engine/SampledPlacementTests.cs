using LayerCache.Core.Costs;
using LayerCache.Core.Eviction;
using LayerCache.Core.Scoring;
using LayerCache.Simulator.Engine;
using LayerCache.Simulator.Tests.Support;

namespace LayerCache.Simulator.Tests.Engine;

/// <summary>Placement that scores a sample of the nodes, as kube-scheduler's percentageOfNodesToScore does.</summary>
public sealed class SampledPlacementTests
{
    // Two pods of the one image; the first still runs when the second arrives.
    private static readonly RequestTrace TwoPods = RequestTrace.From([0, 10], [0, 0], [100, 100]);

    // 200 nodes at 1%: each pod's window finds the floor of 100 feasible nodes, so the second pod's window is the other half.
    private static readonly ClusterSettings Sampled = new() { Nodes = 200, StorageGigabytes = 1, DurationSeconds = 20, NodesToScorePercent = 1 };

    [Fact]
    public void Run_Sampled_TheNextPodsWindowStartsWhereThisOnesEnded()
    {
        // Two sites of 100 nodes; agnostic placement with peer fetch takes the image from a neighbour where one holds it.
        var settings = Sampled with { NodesPerSite = 100 };
        var spegel = Simulations.Agnostic with { PeerFetch = true };
        var cost = new SitePullCostModel(PaperPullCostModel.Instance, new BandwidthPullCostModel(125e6, 119e6, 0.01));

        var result = new ClusterSimulation(Simulations.OneImage, TwoPods, settings, spegel, cost).Run();

        // The first pod's window is the first site, the second pod's the second: it has no neighbour holding the image.
        Assert.Equal(0, result.PeerBytes);
        Assert.Equal(2_000_000, result.RegistryBytes);
    }

    [Fact]
    public void Run_Sampled_ALayerScorerScoresOnlyTheWindow()
    {
        var result = new ClusterSimulation(Simulations.OneImage, TwoPods, Sampled, Simulations.Layer, PaperPullCostModel.Instance).Run();

        // As kube-scheduler with an extender: the second pod's window does not reach the first pod's node, so it pulls again.
        Assert.Equal(2_000_000, result.OnDemandBytes);
    }

    [Fact]
    public void Run_SampledScoringHoldersOutsideTheWindow_AHolderOutsideIsStillACandidate()
    {
        var settings = Sampled with { ScoreHoldersOutsideWindow = true };

        var result = new ClusterSimulation(Simulations.OneImage, TwoPods, settings, Simulations.Layer, PaperPullCostModel.Instance).Run();

        // The second pod's window does not reach the first pod's node, but the holder index names it: the image is pulled once.
        Assert.Equal(1_000_000, result.OnDemandBytes);
    }

    [Fact]
    public void Run_SampledLargeCluster_ScoringHoldersOutsideTheWindowPlacesOtherwise()
    {
        // 800 nodes, a window of 352 feasible nodes: the base layers are soon held by more nodes than a window spans.
        var ranked = Simulations.RankedShippedCorpus();
        var settings = Simulations.Small with { Nodes = 800, RequestsPerSecond = 400, DurationSeconds = 30, NodesToScorePercent = 0 };
        var setup = new PolicySetup("layercache", new LayerCacheScorer(), new ClusterAwareEvictionPolicy());

        var window = Simulations.Run(ranked, settings, setup);
        var outside = Simulations.Run(ranked, settings with { ScoreHoldersOutsideWindow = true }, setup);

        Assert.Equal(window.Requests, outside.Requests);
        Assert.NotEqual(window.OnDemandBytes, outside.OnDemandBytes);
    }

    [Fact]
    public void Run_SampledSameSeed_IdenticalResults()
    {
        var ranked = Simulations.RankedShippedCorpus();
        var settings = SampledSmall();

        var first = Simulations.Run(ranked, settings, Simulations.Layer);
        var second = Simulations.Run(ranked, settings, Simulations.Layer);

        Assert.Equal(first with { WallSeconds = 0 }, second with { WallSeconds = 0 });
    }

    [Fact]
    public void Run_Sampled_PlacesOtherwiseThanScoringEveryNode()
    {
        var ranked = Simulations.RankedShippedCorpus();
        var settings = SampledSmall();

        var sampled = Simulations.Run(ranked, settings, Simulations.Agnostic);
        var every = Simulations.Run(ranked, settings with { NodesToScorePercent = 100 }, Simulations.Agnostic);

        // Agnostic ties everywhere: with every node the tie-break spreads pods over all of them, with a window only over it.
        Assert.Equal(every.Requests, sampled.Requests);
        Assert.NotEqual(every.OnDemandBytes, sampled.OnDemandBytes);
    }

    /// <summary>The small cluster at 250 nodes, whose adaptive sample is 48% (120 nodes).</summary>
    private static ClusterSettings SampledSmall() => Simulations.Small with { Nodes = 250, RequestsPerSecond = 40, NodesToScorePercent = 0 };
}
