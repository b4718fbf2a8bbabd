using LayerCache.EndToEnd.Runs;

namespace LayerCache.EndToEnd.Tests;

public sealed class CalibrationTests
{
    [Fact]
    public void Slope_TwoFetches_IsTheExtraBytesOverTheExtraTime()
    {
        // 1 MB in 0.3 s and 11 MB in 1.3 s: 10 MB more took 1 s more, whatever the fixed cost.
        Assert.Equal(10e6, Calibration.Slope(1_000_000, 0.3, 11_000_000, 1.3), 3);
    }

    [Theory]
    [InlineData(1_000_000, 0.5, 11_000_000, 0.4)]
    [InlineData(11_000_000, 0.5, 11_000_000, 1.1)]
    public void Slope_NoPositiveSlope_FallsBackToTheLargerFetchAlone(long smallBytes, double smallSeconds, long largeBytes, double largeSeconds)
    {
        Assert.Equal(largeBytes / largeSeconds, Calibration.Slope(smallBytes, smallSeconds, largeBytes, largeSeconds), 3);
    }

    [Fact]
    public void Slope_LargeImageAlreadyPresent_UsesTheSmallFetch()
    {
        Assert.Equal(4e6, Calibration.Slope(2_000_000, 0.5, 0, 0.1), 3);
    }

    [Theory]
    [InlineData(11.8e6, true)]
    [InlineData(13.1e6, true)]
    [InlineData(13.2e6, false)]
    [InlineData(65.6e6, false)]
    public void WithinShapedRate_NoFasterThanTheShaperLetsThrough(double measuredBytesPerSecond, bool within)
    {
        // A 100 Mbit/s uplink moves 12.5 MB a second; its shaper lets a burst through, a twentieth more.
        Assert.Equal(within, Calibration.WithinShapedRate(measuredBytesPerSecond, 100e6 / 8));
    }

    [Theory]
    [InlineData(new[] { 0.110 }, 0.110)]
    [InlineData(new[] { 0.300, 0.057, 0.110 }, 0.110)]
    [InlineData(new[] { 0.060, 0.120, 0.100, 0.080 }, 0.090)]
    public void Median_IgnoresOneOutlier(double[] values, double median)
    {
        Assert.Equal(median, Calibration.Median(values), 9);
    }
}
