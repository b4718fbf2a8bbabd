using LayerCache.Core.Costs;
using LayerCache.Core.Eviction;
using LayerCache.Core.Model;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Eviction;

/// <summary>Plan, Apply, EnforceWatermarks and MakeRoom under LRU, on a node of 1000 bytes.</summary>
public sealed class CacheEvictorTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly LruEvictionPolicy _lru = new();
    private readonly EvictionContext _context = new(PaperPullCostModel.Instance);

    [Fact]
    public void EnforceWatermarks_AboveHigh_EvictsOldestUntilLow()
    {
        var node = FourImages(high: 0.7, low: 0.5); // 800 used > 700

        var victims = CacheEvictor.EnforceWatermarks(node, _lru, _context);

        // 800 - a 200 = 600 > 500; - b 200 = 400 <= 500: stop.
        Assert.Equal(["a", "b"], victims.Select(v => v.Candidate.Name));
        Assert.Equal(400, node.UsedBytes);
        Assert.True(node.HasImage("c") && node.HasImage("d"));
    }

    [Fact]
    public void EnforceWatermarks_AtHighWatermark_EvictsNothing()
    {
        var node = FourImages(high: 0.8, low: 0.5); // 800 used = 800 high watermark

        Assert.Empty(CacheEvictor.EnforceWatermarks(node, _lru, _context));
        Assert.Equal(800, node.UsedBytes);
    }

    [Fact]
    public void Plan_OldestInUse_SkipsIt()
    {
        var node = FourImages(high: 0.7, low: 0.5);
        node.Pin("a");

        var victims = CacheEvictor.Plan(node, _lru, _context, 500);

        Assert.Equal(["b", "c"], victims.Select(v => v.Candidate.Name));
        Assert.All(victims, v => Assert.Equal(200, v.FreedBytes));
    }

    [Fact]
    public void Plan_AtOrBelowTarget_IsEmpty()
    {
        var node = FourImages(high: 0.9, low: 0.7);

        Assert.Empty(CacheEvictor.Plan(node, _lru, _context, 800));
    }

    [Fact]
    public void Plan_TargetUnreachable_ListsEverythingEvictable()
    {
        var node = FourImages(high: 0.9, low: 0.7);
        node.Pin("c");

        var victims = CacheEvictor.Plan(node, _lru, _context, 0);

        Assert.Equal(["a", "b", "d"], victims.Select(v => v.Candidate.Name));
    }

    [Theory]
    [InlineData(100, 0, 800)]   // 800 + 100 = 900, not above the high watermark: nothing goes
    [InlineData(200, 400, 400)] // 1000 > 900: target 700 - 200 = 500, so a and b go
    [InlineData(900, 800, 0)]   // target max(700 - 900, 0) = 0: everything goes
    public void MakeRoom_Incoming_EvictsSoUsagePlusIncomingReachesLow(long incoming, long freed, long usedAfter)
    {
        var node = FourImages(high: 0.9, low: 0.7);

        Assert.Equal(freed, CacheEvictor.MakeRoom(node, _lru, _context, incoming));
        Assert.Equal(usedAfter, node.UsedBytes);
    }

    [Fact]
    public void Apply_VictimNowInUseOrGone_IsSkipped()
    {
        var node = FourImages(high: 0.9, low: 0.7);
        var victims = CacheEvictor.Plan(node, _lru, _context, 400); // a, b
        node.Pin("a");

        Assert.Equal(200, CacheEvictor.Apply(node, _lru, victims)); // b only
        Assert.True(node.HasImage("a"));
        Assert.Equal(0, CacheEvictor.Apply(node, _lru, victims));   // b is gone, a still in use
        Assert.Equal(0, node.Inflation);                            // LRU does not inflate
    }

    /// <summary>Images a, b, c, d of 200 bytes each, added a minute apart (a oldest).</summary>
    private NodeCache FourImages(double high, double low)
    {
        var node = Build.Node("n0", 1000, _time, high, low);
        foreach (var (name, i) in new[] { ("a", 1), ("b", 2), ("c", 3), ("d", 4) })
        {
            node.AddImage(Build.Image(name, Build.Layer(i, 200)));
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        return node;
    }
}
