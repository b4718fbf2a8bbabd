using LayerCache.Core.Costs;
using LayerCache.Core.Scoring;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Scoring;

public sealed class ImagePresenceScorerTests
{
    private const double MB = Build.MB;
    private readonly SampleCluster _s = new();
    private readonly ImagePresenceScorer _scorer = new();

    [Fact]
    public void Score_OneImage_OnlyNodesHoldingItWhole()
    {
        var fit = new PodFit(_s.Cluster, PaperPullCostModel.Instance);

        fit.Compute([_s.App1]);

        // n1 holds app1's base and n2 its lib, but neither holds the image.
        Assert.Equal([80 * MB, 0, 0, 0], SampleCluster.ScoreAll(_scorer, fit));
    }

    [Fact]
    public void Score_TwoImages_SumsWholeImagesPerNode()
    {
        _s.N0.AddImage(_s.App2);
        var fit = new PodFit(_s.Cluster, PaperPullCostModel.Instance);

        fit.Compute([_s.App1, _s.App2]);

        Assert.Equal([135 * MB, 55 * MB, 0, 0], SampleCluster.ScoreAll(_scorer, fit)); // n0: 80 + 55
    }

    [Fact]
    public void Score_SameImageInTwoContainers_CountsItOnce()
    {
        var fit = new PodFit(_s.Cluster, PaperPullCostModel.Instance);

        fit.Compute([_s.App1, _s.App1]);

        Assert.Equal(80 * MB, _scorer.Score(fit, 0));
        Assert.Equal("image", _scorer.Name);
    }
}
