using LayerCache.Core.Costs;
using LayerCache.Core.Model;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Costs;

public sealed class BandwidthPullCostModelTests
{
    private const int Precision = 9;

    // 10 MB/s link, 50 MB/s unpack, 50 ms per request.
    private readonly BandwidthPullCostModel _model = new(10_000_000, 50_000_000, 0.05);

    [Fact]
    public void DownloadAndUnpackSeconds_AreRequestPlusBytesOverRate()
    {
        Assert.Equal(10.05, _model.DownloadSeconds(100_000_000), Precision); // 0.05 + 1e8 / 1e7
        Assert.Equal(2.0, _model.UnpackSeconds(100_000_000), Precision);     // 1e8 / 5e7
        Assert.Equal(0.05, _model.DownloadSeconds(0), Precision);
    }

    [Theory]
    [InlineData(LayerState.Absent, 12.05)]   // 10.05 download + 2 unpack
    [InlineData(LayerState.Fetching, 12.05)] // a fetch in progress is priced as a whole one
    [InlineData(LayerState.Present, 2.0)]    // only the unpack is left
    [InlineData(LayerState.Unpacked, 0.0)]
    public void LayerSeconds_ByState_CostsWhatIsLeft(LayerState state, double expected)
    {
        Assert.Equal(expected, _model.LayerSeconds(100_000_000, state), Precision);
    }

    [Fact]
    public void ImageSeconds_MixedStates_SumsEachLayersRemainder()
    {
        var time = new ManualTimeProvider();
        var present = Build.Layer(1, 20_000_000);  // unpack only: 0.4 s
        var unpacked = Build.Layer(2, 30_000_000); // 0 s
        var absent = Build.Layer(3, 10_000_000);   // 0.05 + 1 + 0.2 = 1.25 s
        var node = Build.Node("n0", 1_000_000_000, time);
        node.AddLayer(present, LayerState.Present);
        node.AddLayer(unpacked, LayerState.Unpacked);

        var seconds = _model.ImageSeconds(Build.Image("app", present, unpacked, absent), node);

        Assert.Equal(1.65, seconds, Precision); // 0.4 + 0 + 1.25
    }

    [Theory]
    [InlineData(0, 1, 0)]
    [InlineData(1, 0, 0)]
    [InlineData(1, 1, -0.1)]
    public void Constructor_NonPositiveRateOrNegativeRequest_Throws(double bandwidth, double unpack, double request)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BandwidthPullCostModel(bandwidth, unpack, request));
    }
}
