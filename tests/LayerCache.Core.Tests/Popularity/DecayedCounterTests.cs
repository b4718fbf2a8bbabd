using LayerCache.Core.Popularity;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Popularity;

public sealed class DecayedCounterTests
{
    private const int Precision = 12;
    private static readonly DateTimeOffset T0 = ManualTimeProvider.Start;
    private readonly DecayedCounter<string> _counter = new(TimeSpan.FromSeconds(10), T0, StringComparer.Ordinal);

    [Fact]
    public void Get_CountsAddedAtDifferentTimes_DecayEachFromItsOwnTime()
    {
        _counter.Add("k", 4, T0);
        _counter.Add("k", 2, T0.AddSeconds(10)); // 4 has halved to 2 by then

        Assert.Equal(4.0, _counter.Get("k", T0.AddSeconds(10)), Precision); // 2 + 2
        Assert.Equal(1.0, _counter.Get("k", T0.AddSeconds(30)), Precision); // 4 / 4
        Assert.Equal(0.25, _counter.ScaleAt(T0.AddSeconds(20)), Precision);
        Assert.Equal(0, _counter.Get("other", T0));
    }

    [Fact]
    public void Add_PastRebasePoint_KeepsTheDecayedValue()
    {
        _counter.Add("old", 1, T0);
        _counter.Add("k", 1, T0.AddSeconds(2570)); // 257 half-lives: rebases

        Assert.Equal(1.0, _counter.GetScaled("k"), Precision); // stored relative to the new reference
        Assert.Equal(Math.Pow(2, -257), _counter.Get("old", T0.AddSeconds(2570)), Precision);
        Assert.Equal(0.5, _counter.Get("k", T0.AddSeconds(2580)), Precision);
    }

    [Fact]
    public void Prune_BelowFloor_RemovesAndCounts()
    {
        _counter.Add("a", 1, T0);
        _counter.Add("b", 8, T0);

        var removed = _counter.Prune(0.5, T0.AddSeconds(20)); // a 0.25, b 2

        Assert.Equal(1, removed);
        Assert.Equal(1, _counter.Count);
        Assert.Equal(["b"], _counter.Keys);
    }
}
