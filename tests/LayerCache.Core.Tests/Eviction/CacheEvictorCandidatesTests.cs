using LayerCache.Core.Costs;
using LayerCache.Core.Eviction;
using LayerCache.Core.Model;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Eviction;

/// <summary>What CacheEvictor may evict: shared layers, prefetched blobs, layers in use or being fetched.</summary>
public sealed class CacheEvictorCandidatesTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly LruEvictionPolicy _lru = new();
    private readonly EvictionContext _context = new(PaperPullCostModel.Instance);
    private readonly Layer _base = Build.Layer(1, 300);
    private readonly Layer _a = Build.Layer(2, 100);
    private readonly Layer _b = Build.Layer(3, 100);
    private readonly NodeCache _node;

    public CacheEvictorCandidatesTests()
    {
        _node = Build.Node("n0", 1000, _time);
        _node.AddImage(Build.Image("A", _base, _a));
        _time.Advance(TimeSpan.FromMinutes(1));
        _node.AddImage(Build.Image("B", _base, _b)); // 500 used
        _time.Advance(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void Plan_ImagesSharingBase_EvictingOneFreesOnlyItsOwnLayers()
    {
        var victims = CacheEvictor.Plan(_node, _lru, _context, 450);

        var victim = Assert.Single(victims);
        Assert.Equal("A", victim.Candidate.Name);
        Assert.Equal(100, victim.FreedBytes); // only A's own layer: base is still B's

        CacheEvictor.Apply(_node, _lru, victims);

        Assert.Equal(400, _node.UsedBytes);
        Assert.True(_node.TryGetLayer(_base.Digest, out var shared));
        Assert.Equal(1, shared.ImageRefCount);
    }

    [Fact]
    public void Rank_SharedBase_FreedByTheLastImageThatGoes()
    {
        var ranked = CacheEvictor.Rank(_node, _lru, _context).ToList();

        Assert.Equal(["A", "B"], ranked.Select(v => v.Candidate.Name));
        Assert.Equal([100L, 400L], ranked.Select(v => v.FreedBytes)); // B frees base 300 + its own 100
        Assert.Equal(100, ranked[1].Candidate.FreedBytes);           // alone, B would free only its own layer
    }

    [Fact]
    public void Candidates_PinnedImageAndFetchingBlob_AreExcluded()
    {
        _node.Pin("B");
        _node.AddLayer(Build.Layer(4, 50));                      // prefetched, present
        _node.AddLayer(Build.Layer(5, 60), LayerState.Fetching); // still downloading

        var candidates = CacheEvictor.Candidates(_node);

        Assert.Equal(2, candidates.Count);
        var image = Assert.Single(candidates, c => c.IsImage);
        Assert.Equal("A", image.Name);
        Assert.Equal([_a.Digest], image.FreedLayers.Select(l => l.Digest)); // base is pinned through B
        var blob = Assert.Single(candidates, c => !c.IsImage);
        Assert.Equal(Build.Digest(4).Value, blob.Name);
        Assert.Equal(50, blob.FreedBytes);
    }

    [Fact]
    public void Plan_PrefetchedOrphanOldest_GoesFirst()
    {
        var node = Build.Node("n1", 1000, _time);
        node.AddLayer(Build.Layer(4, 50));
        _time.Advance(TimeSpan.FromMinutes(1));
        node.AddImage(Build.Image("A", _base, _a));

        var victims = CacheEvictor.Plan(node, _lru, _context, 400); // 450 used

        var victim = Assert.Single(victims);
        Assert.False(victim.Candidate.IsImage);
        Assert.Equal(Build.Digest(4), victim.Candidate.Layer!.Value.Digest);
        Assert.Equal(50, CacheEvictor.Apply(node, _lru, victims));
        Assert.False(node.Contains(Build.Digest(4)));
    }

    [Fact]
    public void EnforceWatermarks_FetchingBlob_NeverEvicted()
    {
        var node = Build.Node("n1", 1000, _time, high: 0.7, low: 0.5);
        node.AddLayer(Build.Layer(5, 600), LayerState.Fetching);
        node.AddImage(Build.Image("A", _base, _a)); // 1000 used > 700

        var victims = CacheEvictor.EnforceWatermarks(node, _lru, _context);

        Assert.Equal(["A"], victims.Select(v => v.Candidate.Name));
        Assert.True(node.Contains(Build.Digest(5)));
        Assert.Equal(600, node.UsedBytes);
    }

    // An image still being pulled may be evicted as a record, but its blobs in flight stay and free nothing.
    [Fact]
    public void EnforceWatermarks_ImageBeingPulled_KeepsItsFetchingLayers()
    {
        var node = Build.Node("n1", 1000, _time, high: 0.7, low: 0.5);
        node.AddImage(Build.Image("pulling", Build.Layer(6, 300)), LayerState.Fetching);
        _time.Advance(TimeSpan.FromMinutes(1));
        node.AddImage(Build.Image("A", _base, _a)); // 300 + 400 = 700
        _time.Advance(TimeSpan.FromMinutes(1));
        node.AddImage(Build.Image("C", Build.Layer(7, 200))); // 900 > 700

        var victims = CacheEvictor.EnforceWatermarks(node, _lru, _context);

        Assert.True(node.Contains(Build.Digest(6)));
        Assert.Equal(node.UsedBytes, 900 - victims.Sum(v => v.FreedBytes));
    }
}
