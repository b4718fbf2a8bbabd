using LayerCache.Core.Costs;
using LayerCache.Core.Model;
using LayerCache.Simulator.Engine;
using LayerCache.Simulator.Experiments;
using LayerCache.Simulator.Tests.Support;

namespace LayerCache.Simulator.Tests.Engine;

/// <summary>
/// Peer fetch inside a site, worked by hand: the registry 1 MB/s with 0.5 s a request, a peer 10 MB/s with 0.1 s a
/// request, unpack 10 MB/s. Image a is one 10 MB layer; image b is that layer and 5 MB of its own. a arrives at 0 and
/// runs long, so b (at 20 s) lands on the other node, whose neighbour then holds a's layer.
/// </summary>
public sealed class PeerFetchTests
{
    private const long MB = 1_000_000;

    private static readonly SitePullCostModel Cost = new(new BandwidthPullCostModel(1e6, 10e6, 0.5), new BandwidthPullCostModel(10e6, 10e6, 0.1));

    /// <summary>Links fast enough that nothing queues.</summary>
    private static readonly SitePullCostModel Fast = new SitePullCostModel(new BandwidthPullCostModel(200e6, 500e6, 0.05), new BandwidthPullCostModel(1e9, 500e6, 0.01));

    /// <summary>The edge of issue 12: 50 Mbit/s to the registry, 1 Gbit/s between neighbours.</summary>
    private static readonly SitePullCostModel Edge = new SitePullCostModel(new BandwidthPullCostModel(50e6 / 8, 119e6, 0.118), new BandwidthPullCostModel(1e9 / 8, 119e6, 0.01));

    private static readonly ClusterSettings TwoNodes = new() { Nodes = 2, SlotsPerNode = 1, StorageGigabytes = 1, DurationSeconds = 30, SharedUplink = true };

    private static readonly PolicySetup Agnostic = Named("agnostic");

    private static readonly PolicySetup Spegel = Named("spegel");

    private static readonly IReadOnlyList<ContainerImage> Images =
    [
        new ContainerImage("example.test/a:v1", [TestLayers.Layer(1, 10 * MB)]),
        new ContainerImage("example.test/b:v1", [TestLayers.Layer(1, 10 * MB), TestLayers.Layer(2, 5 * MB)]),
    ];

    private static readonly RequestTrace AThenB = RequestTrace.From([0, 20], [0, 1], [100, 100]);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Run_LayerANeighbourHolds_ComesOverTheLan(bool sharedUplink)
    {
        var settings = TwoNodes with { SharedUplink = sharedUplink };

        var spegel = new ClusterSimulation(Images, AThenB, settings, Spegel, Cost).Run();
        var agnostic = new ClusterSimulation(Images, AThenB, settings, Agnostic, Cost).Run();

        // a: 10 s + 0.5 s + 1 s = 11.5 s. b from the registry: 15 s + 2 requests 1 s + 1.5 s unpack = 17.5 s. b with the
        // shared layer from the neighbour: its 10 MB over the LAN (1 s) beside its own 5 MB over the uplink (5 s), then
        // 0.5 + 0.1 s of requests and 1.5 s of unpack: 7.1 s (a link per node: the layers in turn, 2.1 + 6 s = 8.1 s).
        var b = sharedUplink ? 7.1 : 8.1;
        Assert.Equal((11.5 + b) / 2, spegel.MeanSeconds, 6);
        Assert.Equal((11.5 + 17.5) / 2, agnostic.MeanSeconds, 6);
        Assert.Equal((15 * MB, 10 * MB), (spegel.RegistryBytes, spegel.PeerBytes));
        Assert.Equal((25 * MB, 0L), (agnostic.RegistryBytes, agnostic.PeerBytes));
        Assert.Equal(agnostic.OnDemandBytes, spegel.OnDemandBytes);
    }

    [Fact]
    public void Run_NeighbourInAnotherSite_IsNoSource()
    {
        var sites = TwoNodes with { NodesPerSite = 1 };

        var spegel = new ClusterSimulation(Images, AThenB, sites, Spegel, Cost).Run();

        Assert.Equal((11.5 + 17.5) / 2, spegel.MeanSeconds, 6);
        Assert.Equal((25 * MB, 0L), (spegel.RegistryBytes, spegel.PeerBytes));
    }

    [Fact]
    public void Run_NeighbourStillFetching_IsNoSource()
    {
        var together = RequestTrace.From([0, 5], [0, 1], [100, 100]);

        var spegel = new ClusterSimulation(Images, together, TwoNodes, Spegel, Cost).Run();

        Assert.Equal(0, spegel.PeerBytes);
        Assert.Equal(25 * MB, spegel.RegistryBytes);
    }

    [Fact]
    public void Run_SitesOfOneNode_PeerFetchChangesNothing()
    {
        var settings = Simulations.Small with { NodesPerSite = 1, SharedUplink = true };
        var ranked = Simulations.SharedBaseCorpus();
        var trace = RequestTrace.Generate(ranked.Count, settings);

        var spegel = new ClusterSimulation(ranked, trace, settings, Spegel, Fast).Run();
        var agnostic = new ClusterSimulation(ranked, trace, settings, Agnostic, Fast.Wan).Run();

        Assert.Equal(agnostic.MeanSeconds, spegel.MeanSeconds);
        Assert.Equal(agnostic.RegistryBytes, spegel.RegistryBytes);
        Assert.Equal(0, spegel.PeerBytes);
    }

    [Fact]
    public void Run_PolicyWithoutPeerFetch_PaysOnlyTheRegistrysPrice()
    {
        var settings = Simulations.Small with { NodesPerSite = 5, SharedUplink = true };
        var ranked = Simulations.SharedBaseCorpus();
        var trace = RequestTrace.Generate(ranked.Count, settings);

        foreach (var name in new[] { "agnostic", "layer", "layercache" })
        {
            var withSites = new ClusterSimulation(ranked, trace, settings, Named(name), Fast).Run();
            var wanOnly = new ClusterSimulation(ranked, trace, settings, Named(name), Fast.Wan).Run();

            Assert.Equal(wanOnly with { WallSeconds = 0 }, withSites with { WallSeconds = 0 });
            Assert.Equal(0, withSites.PeerBytes);
            Assert.Equal(withSites.TotalBytes, withSites.RegistryBytes);
        }
    }

    [Fact]
    public void Run_SiteOfPeers_CutsWhatCrossesTheUplink()
    {
        // Four sites of five nodes of two slots behind 500 Mbit/s each, a request every second for two minutes: a pull of
        // a 340 MB image alone takes 5.4 s, so the uplinks are busy, not swamped (swamped, every pull starts before any
        // ends), and the nodes that hold an image are often full, so layer-aware placement too must pull.
        var settings = Simulations.Small with { NodesPerSite = 5, SlotsPerNode = 2, SharedUplink = true, RequestsPerSecond = 1, DurationSeconds = 120 };
        var ranked = Simulations.SharedBaseCorpus();
        var trace = RequestTrace.Generate(ranked.Count, settings);
        var cost = new SitePullCostModel(new BandwidthPullCostModel(500e6 / 8, 119e6, 0.118), new BandwidthPullCostModel(1e9 / 8, 119e6, 0.01));

        var results = PolicySets.Site().ToDictionary(s => s.Name, s => new ClusterSimulation(ranked, trace, settings, s, cost).Run());

        var text = string.Join("; ", results.Values.Select(r => $"{r.Policy} {r.MeanSeconds} s {r.RegistryBytes} wan {r.PeerBytes} lan {r.PrefetchBytes} prefetch"));
        Assert.True(results["spegel"].RegistryBytes < results["agnostic"].RegistryBytes, text);
        Assert.True(results["spegel"].MeanSeconds < results["agnostic"].MeanSeconds, text);
        Assert.True(results["layercache+peer"].RegistryBytes < results["layercache"].RegistryBytes, text);
        Assert.True(results["layercache+peer"].PeerBytes > 0, text);
    }

    [Fact]
    public void Run_SameSeed_SameResults()
    {
        var settings = Simulations.Small with { NodesPerSite = 4, SharedUplink = true, RequestsPerSecond = 1 };
        var ranked = Simulations.SharedBaseCorpus();

        var first = new ClusterSimulation(ranked, RequestTrace.Generate(ranked.Count, settings), settings, Named("layercache+peer"), Edge).Run();
        var second = new ClusterSimulation(ranked, RequestTrace.Generate(ranked.Count, settings), settings, Named("layercache+peer"), Edge).Run();

        Assert.Equal(first with { WallSeconds = 0 }, second with { WallSeconds = 0 });
    }

    [Fact]
    public void Constructor_PeerFetchWithoutALan_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new ClusterSimulation(Images, AThenB, TwoNodes, Spegel, Cost.Wan));

        Assert.Contains("LAN", error.Message, StringComparison.Ordinal);
    }

    private static PolicySetup Named(string name) => PolicySets.Named([name])[0];
}
