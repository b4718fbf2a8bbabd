using LayerCache.Core.Costs;
using LayerCache.Core.Eviction;
using LayerCache.Core.Model;
using LayerCache.Core.Popularity;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Eviction;

public sealed class LayerValueTests
{
    private const int Precision = 12;
    private readonly ManualTimeProvider _time = new();
    private readonly ClusterView _cluster = new();
    private readonly EvictionContext _context;
    private readonly NodeCache _n0;
    private readonly NodeCache _n1;

    public LayerValueTests()
    {
        // A 100-byte layer costs 1 + 100/50 = 3 s; a 200-byte one 1 + 200/50 = 5 s.
        _context = new EvictionContext(new BandwidthPullCostModel(100, 100, 1), Cluster: _cluster);
        _n0 = _cluster.Add(Build.Node("n0", 1000, _time));
        _n1 = _cluster.Add(Build.Node("n1", 1000, _time));
        _n0.AddImage(Build.Image("both", Build.Layer(1, 100), Build.Layer(2, 200)));
        _n1.AddLayer(Build.Layer(1, 100));
        _n0.Touch("both");
        _n0.Touch("both");
    }

    [Fact]
    public void DensityOnNode_SeveralLayers_SumsValueOverBytes()
    {
        // Layer 1: 2 uses x 3 s / (1 + 1 other holder) = 3; layer 2: 2 x 5 / 1 = 10; (3 + 10) / 300 bytes.
        Assert.Equal(13.0 / 300, LayerValue.DensityOnNode(_n0.Layers, _n0, _context), Precision);
    }

    [Fact]
    public void DensityOnNode_WithPopularity_UsesRequestCounts()
    {
        var popularity = new PopularityTracker(TimeSpan.FromHours(1), _time);
        popularity.Record(Build.Image("p", Build.Layer(1, 100)), weight: 4);
        var context = _context with { Popularity = popularity };

        // Layer 1: 4 x 3 / 2 = 6; layer 2 was never requested: 0. 6 / 300.
        Assert.Equal(6.0 / 300, LayerValue.DensityOnNode(_n0.Layers, _n0, context), Precision);
    }

    [Fact]
    public void DensityOnNode_NoLayers_IsZero()
    {
        Assert.Equal(0, LayerValue.DensityOnNode([], _n0, _context));
    }

    [Fact]
    public void DensityOnNode_NodeOutsideTheView_CountsEveryHolderAsOther()
    {
        var outside = Build.Node("outside", 1000, _time);
        var layer = outside.AddLayer(Build.Layer(1, 100));
        layer.UseCount = 2;

        // Holders n0 and n1 are both others: 2 x 3 / (1 + 2) / 100.
        Assert.Equal(0.02, LayerValue.DensityOnNode([layer], outside, _context), Precision);
    }

    [Fact]
    public void DensityIncoming_IsFrequencyTimesCostOverOnePlusHoldersPerByte()
    {
        Assert.Equal(0.06, LayerValue.DensityIncoming(Build.Layer(7, 100), 4, 1, _context), Precision); // 4 x 3 / 2 / 100
        Assert.Equal(0.184, LayerValue.DensityIncoming(Build.Layer(8, 0), 1, 0, new EvictionContext(PaperPullCostModel.Instance)), Precision);
    }
}
