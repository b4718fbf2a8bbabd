using LayerCache.Core.Model;
using LayerCache.Core.Popularity;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Popularity;

public sealed class PopularityTrackerTests
{
    private const int Precision = 12;
    private static readonly TimeSpan HalfLife = TimeSpan.FromMinutes(10);
    private readonly ManualTimeProvider _time = new();
    private readonly PopularityTracker _tracker;
    private readonly Layer _base = Build.Layer(1, 100);
    private readonly Layer _lib = Build.Layer(2, 50);
    private readonly Layer _own1 = Build.Layer(3, 10);
    private readonly Layer _own2 = Build.Layer(4, 20);
    private readonly ContainerImage _app1;
    private readonly ContainerImage _app2;

    public PopularityTrackerTests()
    {
        _tracker = new PopularityTracker(HalfLife, _time);
        _app1 = Build.Image("app1", _base, _lib, _own1, _lib); // lib listed twice
        _app2 = Build.Image("app2", _base, _own2);
    }

    [Fact]
    public void ImageScore_AfterOneHalfLife_Halves()
    {
        _tracker.Record(_app1);
        Assert.Equal(1.0, _tracker.ImageScore("app1"), Precision);

        _time.Advance(HalfLife);
        Assert.Equal(0.5, _tracker.ImageScore("app1"), Precision);

        _tracker.Record(_app1);
        Assert.Equal(1.5, _tracker.ImageScore("app1"), Precision); // 0.5 + 1

        _time.Advance(HalfLife * 2);
        Assert.Equal(0.375, _tracker.ImageScore("app1"), Precision); // 1.5 / 4
        Assert.Equal(0, _tracker.ImageScore("never"));
    }

    [Fact]
    public void LayerScore_CountsEveryImageContainingTheLayer()
    {
        _tracker.Record(_app1);
        _tracker.Record(_app1);
        _tracker.Record(_app2, weight: 0.5);

        Assert.Equal(2.5, _tracker.LayerScore(_base.Digest), Precision); // 1 + 1 + 0.5
        Assert.Equal(2.0, _tracker.LayerScore(_lib.Digest), Precision);  // once a request, though listed twice
        Assert.Equal(0.5, _tracker.LayerScore(_own2.Digest), Precision);
        Assert.Equal(4, _tracker.LayerCount);
    }

    [Fact]
    public void TopLayers_MostPopularFirst_LimitedToCount()
    {
        _tracker.Record(_app1);
        _tracker.Record(_app1);
        _tracker.Record(_app2);
        _tracker.Record(Build.Image("lib-only", _lib), weight: 0.5);
        _time.Advance(HalfLife);

        // Before decay: base 2 + 1 = 3, lib 2 + 0.5 = 2.5, own1 2, own2 1; all halved now.
        var top = _tracker.TopLayers(2);
        var all = _tracker.TopLayers(10);

        Assert.Equal([_base, _lib], top.Select(t => t.Layer));
        Assert.Equal([1.5, 1.25], top.Select(t => Math.Round(t.Score, 9)));
        Assert.Equal([_base, _lib, _own1, _own2], all.Select(t => t.Layer));
        Assert.Equal([1.5, 1.25, 1.0, 0.5], all.Select(t => Math.Round(t.Score, 9)));
        Assert.Empty(_tracker.TopLayers(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _tracker.TopLayers(-1));
    }

    [Fact]
    public void Prune_DecayedBelowFloor_ForgetsImagesAndLayers()
    {
        _tracker.Record(_app1);
        _time.Advance(HalfLife * 3);
        _tracker.Record(_app2); // app1 now 0.125, app2 1; base 1.125

        _tracker.Prune(0.2);

        Assert.Equal(0, _tracker.ImageScore("app1"));
        Assert.Equal(0, _tracker.LayerScore(_lib.Digest));
        Assert.Equal(1.0, _tracker.ImageScore("app2"), Precision);
        Assert.Equal(2, _tracker.LayerCount); // base and own2 stay
        Assert.Equal([_base, _own2], _tracker.TopLayers(10).Select(t => t.Layer));
    }

    [Fact]
    public void Record_AfterManyHalfLives_StaysAccurate()
    {
        var tracker = new PopularityTracker(TimeSpan.FromSeconds(1), _time);
        tracker.Record(_app1);
        _time.Advance(TimeSpan.FromSeconds(300)); // past the counter's rebase point of 256 half-lives

        tracker.Record(_app2);
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(0.25, tracker.ImageScore("app2"), Precision);
        Assert.Equal(0.25, tracker.LayerScore(_base.Digest), Precision); // 2^-302 from app1 is lost in rounding
        Assert.True(tracker.ImageScore("app1") < 1e-90);
    }

    [Fact]
    public void Constructor_NonPositiveHalfLife_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PopularityTracker(TimeSpan.Zero, _time));
        Assert.Equal(HalfLife, _tracker.HalfLife);
    }

    [Fact]
    public void TopLayers_AfterPruneOfZeroWeightRequest_DoesNotThrow()
    {
        _tracker.Record(_app2, weight: 0);
        _tracker.Record(_app1);
        _tracker.Prune(floor: 0);

        // app1's three distinct layers remain; app2's zero-weight own layer is still counted (at 0) and listed last.
        var top = _tracker.TopLayers(10);
        Assert.Equal(4, top.Count);
        Assert.Equal(0, top[^1].Score);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Record_WeightNotFiniteOrNegative_Throws(double weight) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _tracker.Record(_app1, weight));
}
