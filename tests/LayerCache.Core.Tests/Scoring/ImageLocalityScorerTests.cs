using LayerCache.Core.Costs;
using LayerCache.Core.Model;
using LayerCache.Core.Scoring;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Scoring;

/// <summary>
/// Kubernetes' ImageLocality: sum over containers of size x holders / nodes (truncated), clamped to
/// [23 MiB, 1000 MiB x containers], score = 100 x (sum - 23 MiB) / (max - 23 MiB) in integers.
/// </summary>
public sealed class ImageLocalityScorerTests
{
    private const long MiB = Build.MiB;
    private readonly ManualTimeProvider _time = new();
    private readonly ClusterView _cluster = new();
    private readonly ContainerImage _big = Build.Image("big", Build.Layer(1, 400 * MiB));
    private readonly ContainerImage _p = Build.Image("p", Build.Layer(2, 600 * MiB));
    private readonly ContainerImage _q = Build.Image("q", Build.Layer(3, 200 * MiB));
    private readonly ContainerImage _small = Build.Image("small", Build.Layer(4, 40 * MiB));
    private readonly ContainerImage _huge = Build.Image("huge", Build.Layer(5, 3000 * MiB));
    private readonly ContainerImage _odd = Build.Image("odd", Build.Layer(6, 1003));
    private readonly PodFit _fit;
    private readonly ImageLocalityScorer _scorer = new();

    public ImageLocalityScorerTests()
    {
        var nodes = Enumerable.Range(0, 4).Select(i => _cluster.Add(Build.Node($"n{i}", 10_000 * MiB, _time))).ToArray();
        Place(_big, nodes[0], nodes[1]);
        Place(_p, nodes[0], nodes[1], nodes[2]);
        Place(_q, nodes[0]);
        Place(_small, nodes[3]);
        Place(_huge, nodes);
        Place(_odd, nodes[2]);
        nodes[3].AddLayer(_big.Layers[0]); // all of big's layers, but not the image: Kubernetes sees nothing
        _fit = new PodFit(_cluster, PaperPullCostModel.Instance);
    }

    [Fact]
    public void Score_OneContainerOnHalfTheNodes_ScalesBySpread()
    {
        _fit.Compute([_big]);

        // 400 MiB x 2/4 = 200 MiB; 100 x (200 - 23) / (1000 - 23) = 17700 / 977 = 18.1 -> 18.
        Assert.Equal(200 * MiB, _fit.ImageLocalitySum(0));
        Assert.Equal([18.0, 18.0, 0.0, 0.0], SampleCluster.ScoreAll(_scorer, _fit));
    }

    [Fact]
    public void Score_BelowMinimum_ClampsToZero()
    {
        _fit.Compute([_small]);

        Assert.Equal(10 * MiB, _fit.ImageLocalitySum(3)); // 40 MiB x 1/4, below 23 MiB
        Assert.Equal(0, _scorer.Score(_fit, 3));
    }

    [Fact]
    public void Score_AboveMaximum_ClampsToHundred()
    {
        _fit.Compute([_huge]);

        Assert.Equal([100.0, 100.0, 100.0, 100.0], SampleCluster.ScoreAll(_scorer, _fit)); // 3000 MiB x 4/4 > 1000 MiB
    }

    [Fact]
    public void Score_TwoContainers_SumsAndDoublesTheMaximum()
    {
        _fit.Compute([_p, _q]);

        // n0: 600 x 3/4 + 200 x 1/4 = 450 + 50 = 500 MiB; 100 x (500 - 23) / (2000 - 23) = 47700 / 1977 = 24.1 -> 24.
        // n1, n2: 450 MiB -> 42700 / 1977 = 21.6 -> 21.
        Assert.Equal(500 * MiB, _fit.ImageLocalitySum(0));
        Assert.Equal([24.0, 21.0, 21.0, 0.0], SampleCluster.ScoreAll(_scorer, _fit));
    }

    [Fact]
    public void Score_SameImageInTwoContainers_CountsEachContainer()
    {
        _fit.Compute([_p, _p]);

        // 2 x 450 = 900 MiB; 100 x 877 / 1977 = 44.4 -> 44.
        Assert.Equal(44, _scorer.Score(_fit, 0));
    }

    [Fact]
    public void ImageLocalitySum_ScaledSize_IsTruncated()
    {
        _fit.Compute([_odd]);

        Assert.Equal(250, _fit.ImageLocalitySum(2)); // 1003 x 1/4 = 250.75 -> 250
    }

    [Theory]
    [InlineData(0, 1, 0)]
    [InlineData(23 * MiB, 1, 0)]
    [InlineData((23 * MiB) + 1, 1, 0)]  // 100 / 977 MiB rounds down
    [InlineData(1000 * MiB, 1, 100)]
    [InlineData(5000 * MiB, 1, 100)]
    [InlineData(1000 * MiB, 2, 49)]      // 100 x 977 / 1977 = 49.4
    [InlineData(2000 * MiB, 2, 100)]
    [InlineData(1000 * MiB, 0, 100)]     // no containers is treated as one
    public void Priority_ClampsAndMapsOntoZeroToHundred(long sum, int containers, long expected)
    {
        Assert.Equal(expected, ImageLocalityScorer.Priority(sum, containers));
    }

    private static void Place(ContainerImage image, params NodeCache[] nodes)
    {
        foreach (var node in nodes)
        {
            node.AddImage(image);
        }
    }
}
