using LayerCache.Simulator.Engine;

namespace LayerCache.Simulator.Tests.Engine;

public sealed class ClusterSimulationPercentileTests
{
    private static readonly double[] OneToHundred = Enumerable.Range(1, 100).Select(i => (double)i).ToArray();

    [Theory]
    [InlineData(0.50, 50)]
    [InlineData(0.95, 95)]
    [InlineData(0.99, 99)]
    [InlineData(1.00, 100)]
    [InlineData(0.001, 1)]
    [InlineData(0.505, 51)]
    public void Percentile_OneToHundred_NearestRank(double q, double expected)
    {
        Assert.Equal(expected, ClusterSimulation.Percentile(OneToHundred, q));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.99)]
    public void Percentile_SingleValue_IsThatValue(double q)
    {
        Assert.Equal(3.25, ClusterSimulation.Percentile([3.25], q));
    }

    [Fact]
    public void Percentile_Empty_IsZero()
    {
        Assert.Equal(0, ClusterSimulation.Percentile([], 0.95));
    }

    [Fact]
    public void Percentile_FourValues_RoundsRankUp()
    {
        double[] sorted = [1, 2, 3, 4];

        Assert.Equal(2, ClusterSimulation.Percentile(sorted, 0.50));
        Assert.Equal(3, ClusterSimulation.Percentile(sorted, 0.51));
        Assert.Equal(4, ClusterSimulation.Percentile(sorted, 0.95));
    }
}
