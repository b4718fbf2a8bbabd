using LayerCache.EndToEnd.Scheduling;

namespace LayerCache.EndToEnd.Tests.Scheduling;

public sealed class HostSelectionTests
{
    [Fact]
    public void Select_OneHighest_PicksItWithoutDrawing()
    {
        Assert.Equal(2, HostSelection.Select([10, 40, 90, 30], new Random(1)));
        Assert.Equal(-1, HostSelection.Select([], new Random(1)));
    }

    [Fact]
    public void Select_SameSeed_SameChoices()
    {
        long[] totals = [50, 80, 80, 80];

        var first = Draw(totals, seed: 42, count: 50);
        var second = Draw(totals, seed: 42, count: 50);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Select_ThreeTied_SpreadsOverAllThree()
    {
        var counts = Draw([80, 50, 80, 80], seed: 7, count: 1000).GroupBy(i => i).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal([0, 2, 3], counts.Keys.Order());
        Assert.All(counts.Values, c => Assert.True(c >= 200, $"chosen {c} times of 1000"));
    }

    private static List<int> Draw(long[] totals, int seed, int count)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => HostSelection.Select(totals, random))];
    }
}
