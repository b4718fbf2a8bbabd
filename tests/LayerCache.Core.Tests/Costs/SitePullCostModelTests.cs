using LayerCache.Core.Costs;
using LayerCache.Core.Model;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Costs;

public sealed class SitePullCostModelTests
{
    private const int Precision = 9;
    private const long MB = Build.MB;

    // WAN 10 MB/s with 100 ms a request; LAN 100 MB/s with 10 ms; both unpack at 50 MB/s.
    // A 100 MB layer: from the registry 0.1 + 10 + 2 = 12.1 s; from a peer 0.01 + 1 + 2 = 3.01 s; present 2 s.
    private readonly SitePullCostModel _model = new(
        new BandwidthPullCostModel(10 * MB, 50 * MB, 0.1),
        new BandwidthPullCostModel(100 * MB, 50 * MB, 0.01));

    private readonly ManualTimeProvider _time = new();

    [Theory]
    [InlineData(LayerState.Absent, false, 12.1)]
    [InlineData(LayerState.Absent, true, 3.01)]
    [InlineData(LayerState.Fetching, true, 3.01)]
    [InlineData(LayerState.Present, true, 2.0)] // the unpack either way
    [InlineData(LayerState.Unpacked, true, 0.0)]
    public void LayerSeconds_HeldInSite_CostsTheLanPriceElseTheWanPrice(LayerState state, bool inSite, double expected)
    {
        Assert.Equal(expected, _model.LayerSeconds(100 * MB, state, inSite), Precision);
    }

    [Fact]
    public void LayerSeconds_WithoutSite_IsTheRegistrysPrice()
    {
        Assert.Equal(12.1, _model.LayerSeconds(100 * MB, LayerState.Absent), Precision);
        Assert.True(_model.PricesSites);
        Assert.False(_model.Wan.PricesSites);
    }

    [Fact]
    public void ImageSeconds_LayersHeldInTheSite_ComeOverTheLanOthersOverTheWan()
    {
        var shared = Build.Layer(1, 100 * MB);
        var own = Build.Layer(2, 100 * MB);
        var image = Build.Image("app", shared, own);
        var cluster = new ClusterView();
        var holder = cluster.Add(Node("a0", "edge-a"));
        var neighbour = cluster.Add(Node("a1", "edge-a"));
        var elsewhere = cluster.Add(Node("b0", "edge-b"));
        holder.AddLayer(shared, LayerState.Unpacked);

        Assert.Equal(3.01 + 12.1, _model.ImageSeconds(image, neighbour, cluster), Precision);
        Assert.Equal(12.1 + 12.1, _model.ImageSeconds(image, elsewhere, cluster), Precision);
        Assert.Equal(0 + 12.1, _model.ImageSeconds(image, holder, cluster), Precision); // its own copy, not a peer's
    }

    [Fact]
    public void ImageSeconds_PeerStillFetching_IsNoSource()
    {
        var (image, neighbour, cluster) = Neighbours(LayerState.Fetching);

        Assert.Equal(12.1, _model.ImageSeconds(image, neighbour, cluster), Precision);
    }

    [Fact]
    public void ImageSeconds_NodesNamingNoSite_AreOneSite()
    {
        var layer = Build.Layer(1, 100 * MB);
        var cluster = new ClusterView();
        cluster.Add(Build.Node("n0", 1000 * MB, _time)).AddLayer(layer, LayerState.Present);
        var other = cluster.Add(Build.Node("n1", 1000 * MB, _time));

        Assert.Equal(NodeCache.DefaultSite, other.Site);
        Assert.Equal(1, cluster.SiteCount);
        Assert.Equal(3.01, _model.ImageSeconds(Build.Image("app", layer), other, cluster), Precision);
    }

    [Fact]
    public void ImageSeconds_ModelWithoutSites_IgnoresPeers()
    {
        var (image, neighbour, cluster) = Neighbours(LayerState.Unpacked);

        Assert.Equal(12.1, _model.Wan.ImageSeconds(image, neighbour, cluster), Precision);
    }

    [Fact]
    public void Constructor_NestedSiteModel_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new SitePullCostModel(_model, PaperPullCostModel.Instance));
    }

    /// <summary>A one-layer image whose layer node a0 holds in <paramref name="state"/>, and a0's neighbour a1.</summary>
    private (ContainerImage Image, NodeCache Neighbour, ClusterView Cluster) Neighbours(LayerState state)
    {
        var layer = Build.Layer(1, 100 * MB);
        var cluster = new ClusterView();
        cluster.Add(Node("a0", "edge-a")).AddLayer(layer, state);
        return (Build.Image("app", layer), cluster.Add(Node("a1", "edge-a")), cluster);
    }

    private NodeCache Node(string name, string site) => new(name, 1000 * MB, 0.9, 0.7, _time) { Site = site };
}
