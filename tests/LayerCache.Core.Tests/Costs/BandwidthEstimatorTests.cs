using LayerCache.Core.Costs;

namespace LayerCache.Core.Tests.Costs;

public sealed class BandwidthEstimatorTests
{
    [Fact]
    public void Record_TransferOfHalfWeightBytes_MovesHalfway()
    {
        var estimator = new BandwidthEstimator(initialBytesPerSecond: 100, halfWeightBytes: 1000);

        // 1000 bytes in 2 s = 500 B/s; weight 1 - 0.5^(1000/1000) = 0.5; 100 + 0.5 x (500 - 100) = 300.
        estimator.Record(1000, TimeSpan.FromSeconds(2));

        Assert.Equal(300, estimator.BytesPerSecond, 9);
        Assert.Equal(1, estimator.Samples);
    }

    [Fact]
    public void Record_TwoHalfWeights_MoveThreeQuarters()
    {
        var estimator = new BandwidthEstimator(initialBytesPerSecond: 100, halfWeightBytes: 1000);

        // 2000 bytes at 900 B/s: weight 1 - 0.5^2 = 0.75; 100 + 0.75 x 800 = 700.
        estimator.Record(2000, TimeSpan.FromSeconds(2000.0 / 900));

        Assert.Equal(700, estimator.BytesPerSecond, 3); // TimeSpan keeps 100 ns ticks
    }

    [Fact]
    public void Record_TinyTransfer_BarelyMoves()
    {
        var estimator = new BandwidthEstimator(initialBytesPerSecond: 1_000_000, halfWeightBytes: 256L * 1024 * 1024);

        estimator.Record(1000, TimeSpan.FromSeconds(1)); // 1 kB/s, a round trip's worth

        Assert.True(estimator.BytesPerSecond > 999_990, $"estimate fell to {estimator.BytesPerSecond}");
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(100, 0)]
    [InlineData(-5, 1)]
    public void Record_NothingToTime_Ignored(long bytes, double seconds)
    {
        var estimator = new BandwidthEstimator(initialBytesPerSecond: 100);

        estimator.Record(bytes, TimeSpan.FromSeconds(seconds));

        Assert.Equal(100, estimator.BytesPerSecond);
        Assert.Equal(0, estimator.Samples);
    }
}
