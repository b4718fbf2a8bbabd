using LayerCache.EndToEnd.Scheduling;
using LayerCache.Simulator.Engine;

namespace LayerCache.EndToEnd.Tests.Scheduling;

/// <summary>kube-scheduler's integer formulas, computed by hand.</summary>
public sealed class NodeScoresTests
{
    private const long MiB = 1024 * 1024;

    [Theory]
    [InlineData(1, 4, 75)] // (4 - 1) x 100 / 4
    [InlineData(3, 7, 57)] // 400 / 7 = 57.14, truncated as Go's integer division
    [InlineData(4, 4, 0)]
    [InlineData(5, 4, 0)] // more requested than there is: 0, not negative
    [InlineData(1, 0, 0)]
    public void LeastAllocated_Score_IsKubernetesIntegerFormula(long requested, long capacity, long expected)
    {
        Assert.Equal(expected, KubeSchedulerScores.LeastAllocated(requested, capacity));
    }

    [Fact]
    public void ImageLocality_ImageOnTwoOfFiveNodes_ScalesBySpread()
    {
        // By hand, as image_locality.go: 500 MiB x 2/5 = 200 MiB; 100 x (200 - 23) MiB / (1000 - 23) MiB = 17700 / 977 = 18.
        var node = new Dictionary<string, long> { ["reg/app:1"] = 500 * MiB };

        Assert.Equal(18, ImageLocality.Score(["reg/app:1"], node, _ => 2, totalNodes: 5));
    }

    [Fact]
    public void ImageLocality_InitAndAppContainers_SumsBothAndRaisesTheCeiling()
    {
        // app 800 MiB on 4/4 nodes + init 100 MiB on 1/4 = 825 MiB; ceiling 2 x 1000 MiB;
        // 100 x (825 - 23) / (2000 - 23) = 80200 / 1977 = 40.
        var node = new Dictionary<string, long> { ["reg/app:1"] = 800 * MiB, ["reg/init:1"] = 100 * MiB };
        var holders = new Dictionary<string, int> { ["reg/app:1"] = 4, ["reg/init:1"] = 1 };

        Assert.Equal(40, ImageLocality.Score(["reg/init:1", "reg/app:1"], node, name => holders[name], totalNodes: 4));
    }

    [Fact]
    public void ImageLocality_UntaggedReference_MatchesLatest()
    {
        var node = new Dictionary<string, long> { ["reg:5000/app:latest"] = 1000 * MiB };

        Assert.Equal(100, ImageLocality.Score(["reg:5000/app"], node, _ => 1, totalNodes: 1));
    }

    [Fact]
    public void ImageLocality_ImageAbsentOrSmall_ScoresZero()
    {
        var node = new Dictionary<string, long> { ["reg/small:1"] = 20 * MiB };

        Assert.Equal(0, ImageLocality.Score(["reg/app:1"], node, _ => 1, totalNodes: 1));
        Assert.Equal(0, ImageLocality.Score(["reg/small:1"], node, _ => 1, totalNodes: 1)); // under 23 MiB
    }

    [Fact]
    public void Combine_ExtenderScore_IsScaledByWeightAndTen()
    {
        Assert.Equal(50 + 18 + (7 * 2 * 10), KubeSchedulerScores.Combine(50, 18, 7, extenderWeight: 2));
    }
}
