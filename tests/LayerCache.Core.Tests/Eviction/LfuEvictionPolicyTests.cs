using LayerCache.Core.Costs;
using LayerCache.Core.Eviction;
using LayerCache.Core.Model;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Eviction;

public sealed class LfuEvictionPolicyTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly LfuEvictionPolicy _lfu = new();
    private readonly EvictionContext _context = new(PaperPullCostModel.Instance);

    [Fact]
    public void Rank_FewestUsesFirst_TiesToLeastRecent()
    {
        var node = Build.Node("n0", 1000, _time);
        foreach (var (name, i) in new[] { ("a", 1), ("b", 2), ("c", 3), ("d", 4) })
        {
            node.AddImage(Build.Image(name, Build.Layer(i, 200)));
        }

        _time.Advance(TimeSpan.FromMinutes(1));
        Touch(node, "a", 3);
        Touch(node, "c", 1);
        Touch(node, "d", 2);
        _time.Advance(TimeSpan.FromMinutes(1));
        Touch(node, "b", 1); // b and c both used once; c less recently

        var ranked = CacheEvictor.Rank(node, _lfu, _context).ToList();

        Assert.Equal(["c", "b", "d", "a"], ranked.Select(v => v.Candidate.Name));
        Assert.Equal([1.0, 1.0, 2.0, 3.0], ranked.Select(v => v.KeepValue));
        Assert.Equal(["c", "b"], CacheEvictor.Plan(node, _lfu, _context, 500).Select(v => v.Candidate.Name)); // 800 -> 400
        Assert.Equal("lfu", _lfu.Name);
    }

    [Fact]
    public void Rank_SameUsesSameTime_TiesToName()
    {
        var node = Build.Node("n0", 1000, _time);
        node.AddImage(Build.Image("zeta", Build.Layer(1, 100)));
        node.AddImage(Build.Image("alpha", Build.Layer(2, 100)));
        node.AddImage(Build.Image("Mid", Build.Layer(3, 100)));

        var ranked = CacheEvictor.Rank(node, _lfu, _context).Select(v => v.Candidate.Name);

        Assert.Equal(["Mid", "alpha", "zeta"], ranked); // ordinal: upper case first
    }

    private static void Touch(NodeCache node, string reference, int times)
    {
        for (var i = 0; i < times; i++)
        {
            node.Touch(reference);
        }
    }
}
