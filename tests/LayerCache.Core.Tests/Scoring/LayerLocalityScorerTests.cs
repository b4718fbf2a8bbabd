using LayerCache.Core.Costs;
using LayerCache.Core.Model;
using LayerCache.Core.Scoring;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Scoring;

public sealed class LayerLocalityScorerTests
{
    private const double MB = Build.MB;
    private readonly SampleCluster _s = new();
    private readonly LayerLocalityScorer _scorer = new();

    [Fact]
    public void Score_OneImage_BytesOfPresentLayers()
    {
        var fit = new PodFit(_s.Cluster, PaperPullCostModel.Instance);

        fit.Compute([_s.App1]);

        // n0 all 80; n1 the 50 MB base; n2 the 20 MB prefetched lib; n3 nothing.
        Assert.Equal([80 * MB, 50 * MB, 20 * MB, 0], SampleCluster.ScoreAll(_scorer, fit));
    }

    [Fact]
    public void Score_ImagesSharingBase_CountsSharedLayerOnce()
    {
        var fit = new PodFit(_s.Cluster, PaperPullCostModel.Instance);

        fit.Compute([_s.App1, _s.App2]);

        // n0: 50 + 20 + 10 (base not twice); n1: 50 + 5.
        Assert.Equal([80 * MB, 55 * MB, 20 * MB, 0], SampleCluster.ScoreAll(_scorer, fit));
    }

    [Fact]
    public void Score_LayerBeingFetched_CountsAsPresent()
    {
        _s.N3.AddLayer(_s.App1Own, LayerState.Fetching);
        var fit = new PodFit(_s.Cluster, PaperPullCostModel.Instance);

        fit.Compute([_s.App1]);

        Assert.Equal(10 * MB, _scorer.Score(fit, 3));
        Assert.Equal("layer", _scorer.Name);
    }
}
