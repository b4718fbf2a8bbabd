using LayerCache.Core.Costs;
using LayerCache.Core.Scoring;

namespace LayerCache.Core.Tests.Scoring;

/// <summary>
/// A scorer that says it does not read a node's load or link wait scores every node the same whatever they are: callers
/// skip working them out on that word (the simulator's window of 500 nodes a pod).
/// </summary>
public sealed class ScorerReadsLoadTests
{
    private readonly SampleCluster _s = new();

    public static TheoryData<string> LoadBlindScorers => ["agnostic", "image", "image-k8s", "layer"];

    [Theory]
    [MemberData(nameof(LoadBlindScorers))]
    public void Score_ScorerThatReadsNoLoad_SameUnderAnyLoadAndWait(string name)
    {
        var scorer = Scorer(name);
        var fit = new PodFit(_s.Cluster, PaperPullCostModel.Instance);
        fit.Compute([_s.App1]);
        var idle = SampleCluster.ScoreAll(scorer, fit);

        for (var node = 0; node < fit.NodeCount; node++)
        {
            fit.SetLoad(node, 1);
            fit.SetWaitSeconds(node, 1_000);
        }

        Assert.False(scorer.ReadsLoad);
        Assert.Equal(idle, SampleCluster.ScoreAll(scorer, fit));
    }

    [Fact]
    public void Score_LayerCacheScorer_ReadsLoadAndSaysSo()
    {
        INodeScorer scorer = new LayerCacheScorer();
        var fit = new PodFit(_s.Cluster, PaperPullCostModel.Instance);
        fit.Compute([_s.App1]);
        var idle = SampleCluster.ScoreAll(scorer, fit);

        fit.SetLoad(3, 1);

        Assert.True(scorer.ReadsLoad);
        Assert.NotEqual(idle[3], scorer.Score(fit, 3));
    }

    private static INodeScorer Scorer(string name) => name switch
    {
        "agnostic" => new AgnosticScorer(),
        "image" => new ImagePresenceScorer(),
        "image-k8s" => new ImageLocalityScorer(),
        "layer" => new LayerLocalityScorer(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };
}
