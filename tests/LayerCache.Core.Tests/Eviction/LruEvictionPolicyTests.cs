using LayerCache.Core.Costs;
using LayerCache.Core.Eviction;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Eviction;

public sealed class LruEvictionPolicyTests
{
    [Fact]
    public void Rank_TouchedImage_MovesBehindUntouchedOnes()
    {
        var time = new ManualTimeProvider();
        var node = Build.Node("n0", 1000, time);
        for (var i = 1; i <= 4; i++)
        {
            node.AddImage(Build.Image($"i{i}", Build.Layer(i, 200)));
            time.Advance(TimeSpan.FromMinutes(1));
        }

        node.Touch("i1"); // i1 is now the most recent
        var policy = new LruEvictionPolicy();
        var context = new EvictionContext(PaperPullCostModel.Instance);

        var ranked = CacheEvictor.Rank(node, policy, context).ToList();

        Assert.Equal(["i2", "i3", "i4", "i1"], ranked.Select(v => v.Candidate.Name));
        Assert.Equal((double)ManualTimeProvider.Start.AddMinutes(4).UtcTicks, ranked[3].KeepValue);
        Assert.Equal(["i2", "i3"], CacheEvictor.Plan(node, policy, context, 500).Select(v => v.Candidate.Name)); // 800 -> 400
        Assert.Equal("lru", policy.Name);
        Assert.False(((IEvictionPolicy)policy).InflatesOnEviction);
    }
}
