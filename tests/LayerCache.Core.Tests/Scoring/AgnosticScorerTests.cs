using LayerCache.Core.Costs;
using LayerCache.Core.Scoring;

namespace LayerCache.Core.Tests.Scoring;

public sealed class AgnosticScorerTests
{
    [Fact]
    public void Score_AnyNode_IsZero()
    {
        var s = new SampleCluster();
        var fit = new PodFit(s.Cluster, PaperPullCostModel.Instance);
        fit.Compute([s.App1, s.App2]);

        Assert.Equal([0.0, 0.0, 0.0, 0.0], SampleCluster.ScoreAll(new AgnosticScorer(), fit));
        Assert.Equal("agnostic", new AgnosticScorer().Name);
    }
}
