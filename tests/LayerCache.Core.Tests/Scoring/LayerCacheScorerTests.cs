using LayerCache.Core.Costs;
using LayerCache.Core.Scoring;

namespace LayerCache.Core.Tests.Scoring;

public sealed class LayerCacheScorerTests
{
    private const int Precision = 9;
    private readonly SampleCluster _s = new();

    [Fact]
    public void Score_NoLoad_IsSecondsSavedAgainstAnEmptyNode()
    {
        var fit = new PodFit(_s.Cluster, PaperPullCostModel.Instance);
        fit.Compute([_s.App1]);
        var scores = SampleCluster.ScoreAll(new LayerCacheScorer(), fit);

        // Cold 3.1054 less what is missing: n0 0, n1 1.486, n2 2.2372, n3 3.1054.
        Assert.Equal(3.1054, scores[0], Precision);
        Assert.Equal(1.6194, scores[1], Precision);
        Assert.Equal(0.8682, scores[2], Precision);
        Assert.Equal(0, scores[3], Precision);
    }

    [Fact]
    public void Score_Loaded_SubtractsPenaltyTimesLoad()
    {
        var scorer = new LayerCacheScorer(loadPenaltySeconds: 2.0);
        var fit = new PodFit(_s.Cluster, PaperPullCostModel.Instance);
        fit.Compute([_s.App1]);

        fit.SetLoad(0, 1.5); // clamped to 1
        fit.SetLoad(1, 0.5);

        Assert.Equal(1.1054, scorer.Score(fit, 0), Precision); // 3.1054 - 2 x 1
        Assert.Equal(0.6194, scorer.Score(fit, 1), Precision); // 1.6194 - 2 x 0.5
        Assert.Equal(2.0, scorer.LoadPenaltySeconds);
        Assert.Equal("layercache", scorer.Name);
    }

    [Fact]
    public void Score_LinkBusy_SubtractsWaitOnlyWhereSomethingIsMissing()
    {
        var scorer = new LayerCacheScorer();
        var fit = new PodFit(_s.Cluster, PaperPullCostModel.Instance);
        fit.Compute([_s.App1]);

        fit.SetWaitSeconds(0, 5);    // n0 holds everything: it downloads nothing, so waits for nothing
        fit.SetWaitSeconds(1, 0.3);
        fit.SetWaitSeconds(2, -1);   // clamped to 0

        Assert.Equal(3.1054, scorer.Score(fit, 0), Precision);
        Assert.Equal(1.3194, scorer.Score(fit, 1), Precision); // 1.6194 - 0.3
        Assert.Equal(0.8682, scorer.Score(fit, 2), Precision);
        Assert.Equal(0, fit.WaitSeconds(3));
    }

    [Fact]
    public void Score_FromSumsReadAlready_IsTheScoreOfTheFit()
    {
        var scorer = new LayerCacheScorer(loadPenaltySeconds: 2.0);
        var fit = new PodFit(_s.Cluster, PaperPullCostModel.Instance);
        fit.Compute([_s.App1]);
        fit.SetLoad(1, 0.5);
        fit.SetLoad(2, 0.25);
        fit.SetWaitSeconds(0, 5);
        fit.SetWaitSeconds(1, 0.3);

        for (var node = 0; node < 4; node++)
        {
            var wait = fit.MissingBytes(node) > 0 ? fit.WaitSeconds(node) : 0;
            Assert.Equal(scorer.Score(fit, node), scorer.Score(fit.ColdSeconds, fit.MissingSeconds(node), wait, fit.Load(node)), Precision);
        }

        Assert.Equal(0.3194, scorer.Score(fit.ColdSeconds, fit.MissingSeconds(1), 0.3, 0.5), Precision); // 1.6194 - 0.3 - 2 x 0.5
    }

    [Fact]
    public void Constructor_NegativePenalty_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LayerCacheScorer(-0.1));
        Assert.Equal(1.0, new LayerCacheScorer().LoadPenaltySeconds);
    }
}
