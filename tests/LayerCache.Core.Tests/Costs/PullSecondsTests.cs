using LayerCache.Core.Costs;
using LayerCache.Core.Model;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Costs;

/// <summary>The transfer and unpack split of a pull: each part by layer state, and totals equal to the prices hints use.</summary>
public sealed class PullSecondsTests
{
    private const int Precision = 9;
    private const long MB = Build.MB;

    // WAN 10 MB/s with 100 ms a request; LAN 100 MB/s with 10 ms; both unpack at 50 MB/s.
    private static readonly BandwidthPullCostModel Wan = new(10 * MB, 50 * MB, 0.1);
    private static readonly BandwidthPullCostModel Lan = new(100 * MB, 50 * MB, 0.01);
    private readonly ManualTimeProvider _time = new();

    [Theory]
    [InlineData(LayerState.Absent, 10.1, 2.0)]
    [InlineData(LayerState.Fetching, 10.1, 2.0)]
    [InlineData(LayerState.Present, 0.0, 2.0)]
    [InlineData(LayerState.Unpacked, 0.0, 0.0)]
    public void LayerSplit_ByState_TransferThenUnpack(LayerState state, double transfer, double unpack)
    {
        var split = Wan.LayerSplit(100 * MB, state);

        Assert.Equal(transfer, split.TransferSeconds, Precision);
        Assert.Equal(unpack, split.UnpackSeconds, Precision);
        Assert.Equal(Wan.LayerSeconds(100 * MB, state), split.TotalSeconds, Precision);
    }

    [Fact]
    public void LayerSplit_Paper_IsAllTransfer()
    {
        var split = PaperPullCostModel.Instance.LayerSplit(100 * MB, LayerState.Absent);

        Assert.Equal(0, split.UnpackSeconds);
        Assert.Equal(PaperPullCostModel.Instance.LayerSeconds(100 * MB, LayerState.Absent), split.TransferSeconds, Precision);
        Assert.Equal(PullSeconds.Zero, PaperPullCostModel.Instance.LayerSplit(100 * MB, LayerState.Present));
    }

    [Fact]
    public void LayerSplit_SiteHoldsIt_TheLansTransferTheSameUnpack()
    {
        var site = new SitePullCostModel(Wan, Lan);

        var split = site.LayerSplit(100 * MB, LayerState.Absent, heldInSite: true);

        Assert.Equal(1.01, split.TransferSeconds, Precision);
        Assert.Equal(2.0, split.UnpackSeconds, Precision);
        Assert.Equal(10.1, site.LayerSplit(100 * MB, LayerState.Absent, heldInSite: false).TransferSeconds, Precision);
    }

    [Fact]
    public void ImageSplit_MixedStates_SumsToImageSeconds()
    {
        var present = Build.Layer(1, 20 * MB);  // unpack 0.4
        var unpacked = Build.Layer(2, 30 * MB); // nothing
        var absent = Build.Layer(3, 10 * MB);   // transfer 0.1 + 1, unpack 0.2
        var image = Build.Image("app", present, unpacked, absent);
        var cluster = new ClusterView();
        var node = cluster.Add(Build.Node("n0", 1000 * MB, _time));
        node.AddLayer(present, LayerState.Present);
        node.AddLayer(unpacked, LayerState.Unpacked);
        var site = new SitePullCostModel(Wan, Lan);

        var split = site.ImageSplit(image, node, cluster);

        Assert.Equal(1.1, split.TransferSeconds, Precision);
        Assert.Equal(0.6, split.UnpackSeconds, Precision);
        Assert.Equal(site.ImageSeconds(image, node, cluster), split.TotalSeconds, Precision);
        Assert.Equal(site.ImageSeconds(image, node), site.ImageSplit(image, node).TotalSeconds, Precision);
    }

    [Fact]
    public void PodSplit_ImagesSharingALayer_PayItOnce()
    {
        var shared = Build.Layer(1, 20 * MB);  // present: unpack 0.4
        var own = Build.Layer(2, 10 * MB);     // absent: transfer 0.1 + 1, unpack 0.2
        var node = Build.Node("n0", 1000 * MB, _time);
        node.AddLayer(shared, LayerState.Present);

        var split = Wan.PodSplit([Build.Image("a", shared), Build.Image("b", shared, own)], node);

        Assert.Equal(1.1, split.TransferSeconds, Precision);
        Assert.Equal(0.6, split.UnpackSeconds, Precision);
    }
}
