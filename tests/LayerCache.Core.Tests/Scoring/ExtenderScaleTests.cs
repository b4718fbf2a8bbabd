using LayerCache.Core.Scoring;

namespace LayerCache.Core.Tests.Scoring;

public sealed class ExtenderScaleTests
{
    [Theory]
    [InlineData(0.0, 2.0, 10)]
    [InlineData(2.0, 2.0, 0)]
    [InlineData(3.0, 2.0, 0)]
    [InlineData(0.35, 2.0, 8)]
    [InlineData(0.1, 2.0, 10)]
    [InlineData(0.11, 2.0, 9)]
    [InlineData(1.0, 0.0, 0)]
    [InlineData(double.NaN, 2.0, 0)]
    public void Score_SharedOfColdPullAvoided_InTenths(double seconds, double cold, int expected) =>
        Assert.Equal(expected, ExtenderScale.Score(seconds, cold));

    [Fact]
    public void Score_FewerSeconds_NeverLower()
    {
        var previous = ExtenderScale.Max;
        for (var seconds = 0.0; seconds <= 2.5; seconds += 0.01)
        {
            var score = ExtenderScale.Score(seconds, 2.0);
            Assert.InRange(score, 0, previous);
            previous = score;
        }
    }
}
