using LayerCache.Core.Costs;
using LayerCache.Core.Model;
using LayerCache.Core.Scoring;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Scoring;

public sealed class PodFitTests
{
    private const int Precision = 9;
    private const long MB = Build.MB;
    private readonly SampleCluster _s = new();

    // Paper seconds: base 50 MB 1.252 + 0.3674 = 1.6194; lib 20 MB 0.5008 + 0.3674 = 0.8682;
    // app1's own 10 MB 0.2504 + 0.3674 = 0.6178; app2's own 5 MB 0.1252 + 0.3674 = 0.4926.
    [Fact]
    public void Compute_OneImage_PresentAndMissingBytesAndSecondsPerNode()
    {
        var fit = new PodFit(_s.Cluster, PaperPullCostModel.Instance);

        fit.Compute([_s.App1]);

        Assert.Equal(80 * MB, fit.RequestedBytes);
        Assert.Equal(3, fit.DistinctLayers.Count);
        Assert.Equal(3.1054, fit.ColdSeconds, Precision); // 1.6194 + 0.8682 + 0.6178
        Assert.Equal([80 * MB, 50 * MB, 20 * MB, 0], Enumerable.Range(0, 4).Select(fit.PresentBytes));
        Assert.Equal([0, 30 * MB, 60 * MB, 80 * MB], Enumerable.Range(0, 4).Select(fit.MissingBytes));
        Assert.Equal(0, fit.MissingSeconds(0), Precision);
        Assert.Equal(1.4860, fit.MissingSeconds(1), Precision); // lib + own: 0.8682 + 0.6178
        Assert.Equal(2.2372, fit.MissingSeconds(2), Precision); // base + own: 1.6194 + 0.6178
        Assert.Equal(3.1054, fit.MissingSeconds(3), Precision);
    }

    [Fact]
    public void Compute_TwoImagesSharingBase_CountsBaseOnce()
    {
        var fit = new PodFit(_s.Cluster, PaperPullCostModel.Instance);

        fit.Compute([_s.App1, _s.App2]);

        Assert.Equal(85 * MB, fit.RequestedBytes);       // 50 + 20 + 10 + 5
        Assert.Equal(3.598, fit.ColdSeconds, Precision); // 3.1054 + 0.4926
        Assert.Equal([80 * MB, 55 * MB, 20 * MB, 0], Enumerable.Range(0, 4).Select(fit.PresentBytes));
        Assert.Equal(2, fit.Containers.Count);
    }

    [Fact]
    public void Compute_BandwidthModel_PresentLayerCostsOnlyUnpack()
    {
        // 10 MB/s, 50 MB/s unpack, 50 ms a request: base 0.05 + 5 + 1 = 6.05; lib 0.05 + 2 + 0.4 = 2.45;
        // own 0.05 + 1 + 0.2 = 1.25; cold 9.75.
        var fit = new PodFit(_s.Cluster, new BandwidthPullCostModel(10 * MB, 50 * MB, 0.05));

        fit.Compute([_s.App1]);

        Assert.Equal(9.75, fit.ColdSeconds, Precision);
        Assert.Equal(3.70, fit.MissingSeconds(1), Precision); // base unpacked: 2.45 + 1.25
        Assert.Equal(7.70, fit.MissingSeconds(2), Precision); // lib only present: 6.05 + 0.4 + 1.25
    }

    [Fact]
    public void Compute_Reused_ResetsAndFollowsClusterGrowth()
    {
        var fit = new PodFit(_s.Cluster, PaperPullCostModel.Instance);
        fit.Compute([_s.App1]);
        var n4 = _s.Cluster.Add(Build.Node("n4", 1_000 * MB, _s.Time));
        n4.AddImage(_s.App2);

        fit.Compute([_s.App2]);

        Assert.Equal(5, fit.NodeCount);
        Assert.Equal([50 * MB, 55 * MB, 0, 0, 55 * MB], Enumerable.Range(0, 5).Select(fit.PresentBytes));
        Assert.Equal(55 * MB, fit.RequestedBytes);
    }

    [Fact]
    public void CanFit_CountsPinnedBytesAndNewBytes()
    {
        var time = new ManualTimeProvider();
        var cluster = new ClusterView();
        var sharing = cluster.Add(Build.Node("sharing", 100 * MB, time));
        var pinnedOther = cluster.Add(Build.Node("pinned-other", 100 * MB, time));
        var fullUnpinned = cluster.Add(Build.Node("full-unpinned", 100 * MB, time));
        sharing.AddImage(_s.App2);
        sharing.Pin("app2");
        pinnedOther.AddImage(Build.Image("x", Build.Layer(9, 40 * MB)));
        pinnedOther.Pin("x");
        fullUnpinned.AddImage(Build.Image("y", Build.Layer(10, 90 * MB)));
        var fit = new PodFit(cluster, PaperPullCostModel.Instance);

        fit.Compute([_s.App1]);

        Assert.True(fit.CanFit(0));  // 55 pinned + 80 - 50 pinned base = 85 <= 100
        Assert.False(fit.CanFit(1)); // 40 pinned + 80 = 120 > 100
        Assert.True(fit.CanFit(2));  // 0 pinned + 80 <= 100: the unpinned 90 MB can go
        Assert.True(fit.CanFit(0, reservedBytes: 15 * MB));  // 55 + 15 + 80 - 50 = 100 <= 100
        Assert.False(fit.CanFit(0, reservedBytes: 16 * MB)); // 101 > 100
    }

    [Fact]
    public void SetLoad_ClampsToUnitRange_UnsetIsZero()
    {
        var fit = new PodFit(_s.Cluster, PaperPullCostModel.Instance);
        fit.Compute([_s.App1]);

        fit.SetLoad(0, 1.5);
        fit.SetLoad(1, -0.5);
        fit.SetLoad(2, 0.25);

        Assert.Equal([1.0, 0.0, 0.25, 0.0], Enumerable.Range(0, 4).Select(fit.Load));
    }
}
