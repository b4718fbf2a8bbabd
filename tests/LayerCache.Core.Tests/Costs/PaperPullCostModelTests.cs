using LayerCache.Core.Costs;
using LayerCache.Core.Model;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Costs;

public sealed class PaperPullCostModelTests
{
    private const int Precision = 9;
    private readonly PaperPullCostModel _model = PaperPullCostModel.Instance;

    [Theory]
    [InlineData(0, 0.184)]
    [InlineData(1, 0.184)]
    [InlineData(100_000, 0.184)]                   // the boundary itself is still a small layer
    [InlineData(100_001, 0.36990402504)]           // 2.504e-8 x 100,001 = 0.00250402504, + 0.3674
    [InlineData(100_000_000, 2.8714)]              // 2.504e-8 x 1e8 = 2.504, + 0.3674
    [InlineData(590_000_000, 15.1410)]             // the paper's average image as one layer: 14.7736 + 0.3674
    public void LayerSeconds_Absent_FollowsTheFittedFormula(long size, double expected)
    {
        Assert.Equal(expected, _model.LayerSeconds(size, LayerState.Absent), Precision);
    }

    [Theory]
    [InlineData(LayerState.Fetching)]
    [InlineData(LayerState.Present)]
    [InlineData(LayerState.Unpacked)]
    public void LayerSeconds_OnTheNode_IsZero(LayerState state)
    {
        Assert.Equal(0, _model.LayerSeconds(100_000_000, state));
    }

    [Fact]
    public void ImageSeconds_SomeLayersPresent_SumsOnlyMissingOnes()
    {
        var time = new ManualTimeProvider();
        var big = Build.Layer(1, 100_000_000);   // 2.8714 s
        var small = Build.Layer(2, 50_000);      // 0.184 s
        var medium = Build.Layer(3, 10_000_000); // 0.2504 + 0.3674 = 0.6178 s
        var image = Build.Image("app", big, small, medium, small);
        var node = Build.Node("n0", 1_000_000_000, time);
        node.AddImage(Build.Image("other", medium));

        Assert.Equal(3.6732, _model.ImageSeconds(image), Precision);       // 2.8714 + 0.184 + 0.6178, repeat counted once
        Assert.Equal(3.0554, _model.ImageSeconds(image, node), Precision); // 2.8714 + 0.184
    }
}
