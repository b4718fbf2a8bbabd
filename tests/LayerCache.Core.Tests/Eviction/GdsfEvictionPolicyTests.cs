using LayerCache.Core.Costs;
using LayerCache.Core.Eviction;
using LayerCache.Core.Model;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Eviction;

/// <summary>
/// Cost model: 1 s a request, 100 B/s download and unpack, so a layer of s bytes costs 1 + s/50 seconds.
/// Keep value = L + uses x cost / size.
/// </summary>
public sealed class GdsfEvictionPolicyTests
{
    private const int Precision = 12;
    private readonly ManualTimeProvider _time = new();
    private readonly GdsfEvictionPolicy _gdsf = new();
    private readonly EvictionContext _context = new(new BandwidthPullCostModel(100, 100, 1));
    private readonly NodeCache _node;

    public GdsfEvictionPolicyTests()
    {
        _node = Build.Node("n0", 1000, _time);
        Add("x", 2, Build.Layer(1, 100));                     // 2 x 3 / 100 = 0.06
        Add("y", 2, Build.Layer(2, 300));                     // 2 x 7 / 300 = 0.0467
        Add("z", 1, Build.Layer(3, 50), Build.Layer(4, 50));  // 1 x (2 + 2) / 100 = 0.04
        Add("w", 5, Build.Layer(5, 100));                     // 5 x 3 / 100 = 0.15
    }

    [Fact]
    public void Rank_ValuesUsesTimesCostOverSize()
    {
        var ranked = CacheEvictor.Rank(_node, _gdsf, _context).ToList();

        Assert.Equal(["z", "y", "x", "w"], ranked.Select(v => v.Candidate.Name));
        Assert.Equal(0.04, ranked[0].KeepValue, Precision);
        Assert.Equal(14.0 / 300, ranked[1].KeepValue, Precision);
        Assert.Equal(0.06, ranked[2].KeepValue, Precision);
        Assert.Equal(0.15, ranked[3].KeepValue, Precision);
    }

    [Fact]
    public void Apply_Victims_RaiseInflationToTheLastVictimsValue()
    {
        var victims = CacheEvictor.Plan(_node, _gdsf, _context, 250); // 600 - z 100 = 500; - y 300 = 200

        CacheEvictor.Apply(_node, _gdsf, victims);

        Assert.Equal(["z", "y"], victims.Select(v => v.Candidate.Name));
        Assert.Equal(14.0 / 300, _node.Inflation, Precision);
        Assert.True(_gdsf.InflatesOnEviction);
    }

    [Fact]
    public void Rank_AfterInflation_RecentUseOutranksStaleEqualFrequency()
    {
        CacheEvictor.Apply(_node, _gdsf, CacheEvictor.Plan(_node, _gdsf, _context, 250)); // L = 14/300
        Add("v", 0, Build.Layer(6, 100));   // new, never used: L only = 0.0467
        Touch("x", 3);                      // now 5 uses: 14/300 + 5 x 3 / 100 = 0.1967

        var ranked = CacheEvictor.Rank(_node, _gdsf, _context).ToList();

        // w has the same 5 uses but was last used at L = 0: 0.15, so it now goes before x.
        Assert.Equal(["v", "w", "x"], ranked.Select(v => v.Candidate.Name));
        Assert.Equal(14.0 / 300, ranked[0].KeepValue, Precision);
        Assert.Equal((14.0 / 300) + 0.15, ranked[2].KeepValue, Precision);
    }

    [Fact]
    public void Apply_LowerVictimValue_DoesNotLowerInflation()
    {
        _node.Inflation = 1.0;
        var victims = CacheEvictor.Plan(_node, _gdsf, _context, 500); // z, worth 0.04

        CacheEvictor.Apply(_node, _gdsf, victims);

        Assert.Equal(1.0, _node.Inflation);
        Assert.Equal("gdsf", _gdsf.Name);
    }

    private void Add(string reference, int uses, params Layer[] layers)
    {
        _node.AddImage(Build.Image(reference, layers));
        Touch(reference, uses);
    }

    private void Touch(string reference, int times)
    {
        for (var i = 0; i < times; i++)
        {
            _node.Touch(reference);
        }
    }
}
